export { GatewayCard } from './GatewayCard';
export type { GatewayCardProps } from './GatewayCard';
