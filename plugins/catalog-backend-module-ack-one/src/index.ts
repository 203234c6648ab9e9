/**
 * Catalog backend module: ACK One Fleets, member clusters (IDC registered
 * and ACK) and multi-cluster gateways as Resource entities.
 *
 * @packageDocumentation
 */
export { catalogModuleAckOneEntityProvider as default } from './module';
export { AckOneEntityProvider } from './provider/AckOneEntityProvider';
export type {
  AckOneEntityProviderDeps,
  AckOneRefreshResult,
} from './provider/AckOneEntityProvider';
export type { AckOneProviderConfig } from './provider/config';
