/**
 * Frontend cards for ACK One clusters and fleets, and the Disaster Recovery
 * tab of services deployed by an ACK One Fleet.
 *
 * @packageDocumentation
 */
export {
  ackOnePlugin,
  EntityAckOneClusterCard,
  EntityAckOneDrContent,
  EntityAckOneFleetCard,
  EntityAckOneGatewayCard,
  DrOverviewPage,
  EntityDrSystemCard,
} from './plugin';
export { createDrStateColumn } from './components/CatalogDrColumn';
export type { DrStateColumnOptions } from './components/CatalogDrColumn';
export type { DrOverviewPageProps } from './components/DrOverview';
export {
  isAckOneClusterEntity,
  isAckOneDrAvailable,
  isAckOneFleetEntity,
} from './conditions';
export { ackOneApiRef, AckOneClient } from './api';
export type {
  AckOneApi,
  ClusterHealth,
  DrOverviewQuery,
  FailoverListOptions,
} from './api';
export type { ClusterInfoCardProps } from './components/ClusterInfoCard';
export type { FleetInfoCardProps } from './components/FleetInfoCard';
export type { GatewayCardProps } from './components/GatewayCard';
export type {
  DrContentProps,
  DrContentProps as EntityAckOneDrContentProps,
} from './components/DrContent';
export {
  AckOneKubernetesAuthProviders,
  ackOneKubernetesAuthProvidersApiFactory,
} from './kubernetesAuth';
