/**
 * Node.js library of the ACK One plugins: the only way backend code reaches
 * Alibaba Cloud (CS, ACK One Fleet, VPC, CEN) and the Kubernetes clusters
 * behind ACK One.
 *
 * @packageDocumentation
 */
export { ackOneServiceRef } from './service';
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
export { DefaultAckOneService } from './DefaultAckOneService';
export type { DefaultAckOneServiceOptions } from './DefaultAckOneService';
export type { RetryClock } from './retry';
export { readAckOneAccounts } from './config';
export type { AckOneAccountConfig, AckOneCredentialsConfig } from './config';
export type { RateLimitConfig } from './RateLimiter';
export { AckOneApiError, redact, retryAfterMs } from './errors';
export type { AckOneCallContext } from './errors';
export { getKubeconfigFor } from './clusterRef';
export type { AckOneClusterRef } from './clusterRef';
export type { ClusterConnection } from './kubeconfig';
export type { KubeconfigScope } from './KubeconfigCache';
export { loadKubernetesClient } from './loadKubernetesClient';
export { mapWithConcurrency } from './mapWithConcurrency';
export {
  ackOneWriteServiceRef,
  createAckOneWriteService,
  clientTokenFor,
  parseManifest,
  listFleetApplicationSets,
  APPLICATION_SET_ANNOTATIONS,
  FLEET_ARGOCD_NAMESPACE,
} from './write';
export type {
  AckOneWriteService,
  AckOneApplicationSet,
  AckOneKubeTarget,
  AckOneKubeWrites,
  KubeApplyOptions,
  KubeObject,
  AckOneVpcLookups,
  AckOneExpressConnectWrites,
  CreateBgpGroupInput,
  CreateBgpPeerInput,
  CreateRouteEntryInput,
  CreateVbrInput,
  AckOneCenWrites,
  TrLinkKind,
  AckOneClusterWrites,
  CreateClusterInput,
  AckOneFleetWrites,
  CreateFleetInput,
  FleetFeatures,
  AckOneWhere,
  AckOneVpc,
  AckOneVSwitch,
  AckOnePhysicalConnection,
  AckOneRouteTable,
  AckOneVbr,
  AckOneBgpGroup,
  AckOneBgpPeer,
  AckOneRouteEntry,
  AckOneCen,
  AckOneCenChild,
  AckOneTransitRouter,
  AckOneTrAttachment,
  AckOneTrRouteTable,
  AckOneTrTableLink,
  AckOneClusterDetail,
  AckOneTaskInfo,
} from './write';
export * from './inventory';
