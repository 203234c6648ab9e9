import { AckOneActionDeps } from './common';
import { createConnectNetworkAction } from './connectNetwork';
import { createAckClusterAction } from './createCluster';
import { createFleetAction } from './createFleet';
import { createGatewayAction } from './createGateway';
import { createDeployAppAction } from './deployApp';
import { createRegisterClusterAction } from './registerCluster';

export type { AckOneActionDeps } from './common';
export {
  REGISTER_CLUSTER_ACTION_ID,
  createRegisterClusterAction,
} from './registerCluster';
export {
  CREATE_CLUSTER_ACTION_ID,
  createAckClusterAction,
} from './createCluster';
export {
  CONNECT_NETWORK_ACTION_ID,
  createConnectNetworkAction,
} from './connectNetwork';
export { CREATE_FLEET_ACTION_ID, createFleetAction } from './createFleet';
export { CREATE_GATEWAY_ACTION_ID, createGatewayAction } from './createGateway';
export { DEPLOY_APP_ACTION_ID, createDeployAppAction } from './deployApp';

/** Every `ack-one:*` action. */
export function createAckOneActions(deps: AckOneActionDeps) {
  return [
    createRegisterClusterAction(deps),
    createAckClusterAction(deps),
    createConnectNetworkAction(deps),
    createFleetAction(deps),
    createGatewayAction(deps),
    createDeployAppAction(deps),
  ];
}
