export { FleetInfoCard } from './FleetInfoCard';
export type { FleetInfoCardProps } from './FleetInfoCard';
