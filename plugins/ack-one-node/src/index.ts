/**
 * Node.js library of the ACK One plugins: the only way backend code reaches
 * Alibaba Cloud (CS, ACK One Fleet, VPC, CEN) and the Kubernetes clusters
 * behind ACK One.
 *
 * @packageDocumentation
 */
export { ackOneServiceRef } from './service';
export { DefaultAckOneService } from './DefaultAckOneService';
export type { DefaultAckOneServiceOptions } from './DefaultAckOneService';
export { readAckOneAccounts } from './config';
export type { AckOneAccountConfig, AckOneCredentialsConfig } from './config';
export {
  AckOneApiError,
  toAckOneApiError,
  redact,
  isThrottlingCode,
  retryAfterMs,
} from './errors';
export type { AckOneCallContext } from './errors';
export { withRetry, fullJitterDelay, DEFAULT_RETRY, REAL_CLOCK } from './retry';
export type { RetryOptions, RetryClock } from './retry';
export { getKubeconfigFor } from './clusterRef';
export type { AckOneClusterRef } from './clusterRef';
export {
  parseKubeconfig,
  checkApiServerUrl,
  kubeConfigOptions,
} from './kubeconfig';
export type { ClusterConnection } from './kubeconfig';
export { isLoopbackHost } from './loopback';
export {
  withKubeDeadline,
  kubeSignalOptions,
  KubeDeadlineError,
} from './kubeDeadline';
export type { KubeRequestOptions } from './kubeDeadline';
export { RateLimiter, TokenBucket, DEFAULT_RATE_LIMIT } from './RateLimiter';
export type { RateLimitConfig } from './RateLimiter';
export type { KubeconfigScope } from './KubeconfigCache';
export { loadKubernetesClient } from './loadKubernetesClient';
export { RegionClients, RPC_VERSIONS } from './clients';
export type { RpcProduct } from './clients';
export type {
  AckOneAccount,
  AckOneCluster,
  AckOneFleet,
  AckOneFleetDetails,
  AckOneGateway,
  AckOneKubeconfig,
  AckOneManagedCluster,
  AckOneService,
} from './types';
export * from './write';
