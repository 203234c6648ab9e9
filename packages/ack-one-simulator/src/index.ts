/**
 * A simulator of Alibaba Cloud ACK One for hybrid-cloud same-city disaster
 * recovery drills: Kubernetes API servers for the IDC cluster, the ACK
 * cluster and the Fleet; Argo CD ApplicationSets; the MSE multi-cluster
 * gateway data plane; the Alibaba Cloud OpenAPI (src/cloud); fault injection.
 *
 * @packageDocumentation
 */
export { startSimulator } from './world/simulator';
export type {
  Simulator,
  SimulatorOptions,
  SimulatorEndpoints,
} from './world/simulator';
export { mseGatewayObjects } from './world/worlds';
export type { CloudTiming, TimingProfile } from './cloud/timing';
export type { WorldLogger } from './world/World';
