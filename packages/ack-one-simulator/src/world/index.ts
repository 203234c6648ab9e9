export { World, ARGOCD_NAMESPACE, ARGOCD_SECRET_TYPE_LABEL } from './World';
export type {
  SavedWorld,
  ServerEntry,
  ServerKind,
  WorldOptions,
  WorldLogger,
  CloudHooks,
} from './World';
export {
  createDemoWorld,
  createEmptyWorld,
  mseGatewayObjects,
  DEMO_REGION,
  DEMO_ACCOUNT_ID,
} from './worlds';
export { ArgoCdController } from './argocd';
export { GatewayController, GatewayDataPlane } from './gateway';
export {
  renderApplication,
  substitute,
  MANIFESTS_ANNOTATION,
  INSTANCE_LABEL,
} from './render';
export { startSimulator, DEMO_ACCESS_KEY, repoRoot } from './simulator';
export type {
  Simulator,
  SimulatorOptions,
  SimulatorEndpoints,
} from './simulator';
