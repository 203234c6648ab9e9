export { createAckOneWriteService } from './AckOneWriteService';
export type { AckOneWriteService } from './AckOneWriteService';
export { ackOneWriteServiceRef } from './service';
export { clientTokenFor, MAX_CLIENT_TOKEN_LENGTH } from './clientToken';
export { parseManifest } from './kube';
export type {
  AckOneKubeTarget,
  AckOneKubeWrites,
  KubeApplyOptions,
  KubeObject,
} from './kube';
export {
  listFleetApplicationSets,
  APPLICATION_SET_ANNOTATIONS,
  FLEET_ARGOCD_NAMESPACE,
} from './applicationSets';
export type { AckOneApplicationSet } from './applicationSets';
export type { AckOneVpcLookups } from './vpcLookups';
export type {
  AckOneExpressConnectWrites,
  CreateBgpGroupInput,
  CreateBgpPeerInput,
  CreateRouteEntryInput,
  CreateVbrInput,
} from './expressConnect';
export type { AckOneCenWrites, TrLinkKind } from './cen';
export type { AckOneClusterWrites, CreateClusterInput } from './clusters';
export type {
  AckOneFleetWrites,
  CreateFleetInput,
  FleetFeatures,
} from './fleets';
export type * from './types';
