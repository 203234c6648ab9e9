import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AckOneClient, ackOneApiRef } from './api';
import { drContentRouteRef } from './routes';

/**
 * The ACK One frontend plugin (legacy frontend system).
 *
 * @public
 */
export const ackOnePlugin = createPlugin({
  id: 'ack-one',
  apis: [
    createApiFactory({
      api: ackOneApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AckOneClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    drContent: drContentRouteRef,
  },
});

/**
 * Card for an ACK One member cluster (`Resource` of type
 * `kubernetes-cluster`); show it when `isAckOneClusterEntity` holds.
 *
 * @public
 */
export const EntityAckOneClusterCard = ackOnePlugin.provide(
  createComponentExtension({
    name: 'EntityAckOneClusterCard',
    component: {
      lazy: () =>
        import('./components/ClusterInfoCard').then(m => m.ClusterInfoCard),
    },
  }),
);

/**
 * Card for an ACK One Fleet (`Resource` of type `ack-one-fleet`); show it
 * when `isAckOneFleetEntity` holds.
 *
 * @public
 */
export const EntityAckOneFleetCard = ackOnePlugin.provide(
  createComponentExtension({
    name: 'EntityAckOneFleetCard',
    component: {
      lazy: () =>
        import('./components/FleetInfoCard').then(m => m.FleetInfoCard),
    },
  }),
);

/**
 * The Disaster Recovery tab of a service that names its Fleet in
 * `ack-one/fleet`: workload parity between the IDC and cloud clusters,
 * cluster reachability, gateway weights and failover capacity. Mount it in
 * an `EntityLayout.Route` shown when `isAckOneDrAvailable` holds.
 *
 * @public
 */
export const EntityAckOneDrContent = ackOnePlugin.provide(
  createRoutableExtension({
    name: 'EntityAckOneDrContent',
    component: () => import('./components/DrContent').then(m => m.DrContent),
    mountPoint: drContentRouteRef,
  }),
);
