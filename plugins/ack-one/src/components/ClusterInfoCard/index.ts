export { ClusterInfoCard } from './ClusterInfoCard';
export type { ClusterInfoCardProps } from './ClusterInfoCard';
