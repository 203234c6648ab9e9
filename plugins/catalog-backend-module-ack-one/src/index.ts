/**
 * Catalog backend module: ACK One Fleets, member clusters (IDC registered
 * and ACK) and multi-cluster gateways as Resource entities.
 *
 * @packageDocumentation
 */
export { catalogModuleAckOneEntityProvider as default } from './module';
export { catalogModuleAckOneEntityProvider } from './module';
export { AckOneEntityProvider } from './provider/AckOneEntityProvider';
export type { AckOneRefreshResult } from './provider/AckOneEntityProvider';
export { readProviderConfigs } from './provider/config';
export type { AckOneProviderConfig } from './provider/config';
