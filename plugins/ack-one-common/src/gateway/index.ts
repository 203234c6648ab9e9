export {
  MSE_INGRESS_CONTROLLER,
  MSE_INGRESS_CONFIG_KIND,
  MSE_API_GROUP,
  CLUSTER_TOPOLOGY_LABEL,
  MSE_REMOTE_CLUSTERS_ANNOTATION,
  GATEWAY_ANNOTATIONS,
  parseSubsetLabels,
  isMseIngress,
} from './annotations';
export type {
  IngressLike,
  IngressPathLike,
  IngressBackendLike,
  IngressClassLike,
  GatewayIssue,
  RouteTarget,
  CanaryRule,
  GatewayRoute,
  ParseResult,
} from './types';
export { parseGatewayIngresses } from './parse';
export { effectiveWeights } from './weights';
export type { ReadyEndpoints } from './weights';
