/**
 * Frontend cards for ACK One clusters and fleets.
 *
 * @packageDocumentation
 */
export {
  ackOnePlugin,
  EntityAckOneClusterCard,
  EntityAckOneFleetCard,
} from './plugin';
export { isAckOneClusterEntity, isAckOneFleetEntity } from './conditions';
export { ackOneApiRef, AckOneClient } from './api';
export type { AckOneApi, ClusterHealth } from './api';
export type { ClusterInfoCardProps } from './components/ClusterInfoCard';
export type { FleetInfoCardProps } from './components/FleetInfoCard';
export { AckOneKubernetesAuthProviders } from './kubernetesAuth';
