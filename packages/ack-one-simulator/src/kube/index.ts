export { KubeServer, DEFAULT_KUBERNETES_VERSION } from './KubeServer';
export type { KubeServerOptions, OfflineMode } from './KubeServer';
export { KubeApi, patchTypeOf } from './KubeApi';
export type { PatchType, WriteOptions, RequestContext } from './KubeApi';
export { Store, nowRfc3339 } from './Store';
export type { StoreEvent, EventType } from './Store';
export {
  ResourceRegistry,
  BUILTIN_RESOURCES,
  CRD_TYPES,
  apiVersionOf,
} from './resources';
export type { ResourceType } from './resources';
export { generatePki, randomToken } from './certs';
export type { WorldPki } from './certs';
export { Controllers, isPodReady } from './controllers';
export type { ControllerOptions } from './controllers';
export { KubeError, statusObject } from './status';
export type { KubeStatus } from './status';
export { mergePatch, jsonPatch, strategicMergePatch } from './patch';
export {
  labelMatcher,
  selectorObjectMatcher,
  mapSelectorMatches,
  fieldMatcher,
} from './selectors';
export {
  ADMIN_USER,
  issueUserToken,
  userKubeconfig,
  userOfToken,
} from './auth/users';
export type { UserInfo } from './auth/users';
export {
  bindClusterVersions,
  modelVersion,
  FLEET_KUBERNETES_VERSION,
} from './clusterVersions';
export type { VersionedWorld } from './clusterVersions';
