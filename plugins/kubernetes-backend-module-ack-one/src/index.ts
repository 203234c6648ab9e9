/**
 * Kubernetes backend module: ACK One member clusters (IDC registered and
 * ACK) and Fleets as Kubernetes clusters, with credentials fetched from
 * ACK One on the backend.
 *
 * @packageDocumentation
 */
export { kubernetesModuleAckOneClusterSupplier as default } from './module';
export { kubernetesModuleAckOneClusterSupplier } from './module';
export { AckOneClusterSupplier } from './AckOneClusterSupplier';
export type {
  AckOneClusterSupplierOptions,
  AckOneClusterRefreshResult,
} from './AckOneClusterSupplier';
export { AckOneAuthStrategy } from './AckOneAuthStrategy';
export type { AckOneAuthStrategyOptions } from './AckOneAuthStrategy';
export { ACK_ONE_AUTH_STRATEGY } from './clusterMetadata';
export { readClusterSupplierConfig } from './config';
export type { AckOneClusterSupplierConfig } from './config';
