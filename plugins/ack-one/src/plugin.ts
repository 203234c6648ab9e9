import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AckOneClient, ackOneApiRef } from './api';
import { drContentRouteRef, drOverviewRouteRef } from './routes';

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
    drOverview: drOverviewRouteRef,
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
 * Card for an ACK One multi-cluster gateway (`Resource` of type
 * `multi-cluster-gateway`): status, address, IngressClasses, and each route
 * with the services using it and its declared and effective weights.
 *
 * @public
 */
export const EntityAckOneGatewayCard = ackOnePlugin.provide(
  createComponentExtension({
    name: 'EntityAckOneGatewayCard',
    component: {
      lazy: () => import('./components/GatewayCard').then(m => m.GatewayCard),
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

/**
 * The DR overview page: every opted-in service with its DR state, traffic,
 * standby capacity, RTO, last failover and warnings, filters, CSV export and
 * the blast radius of losing a cluster. The portal mounts it at
 * `/dr-overview`; it reads `?system=`, `?owner=`, `?fleet=`, `?state=` and
 * `?q=` as initial filters.
 *
 * @public
 */
export const DrOverviewPage = ackOnePlugin.provide(
  createRoutableExtension({
    name: 'DrOverviewPage',
    component: () =>
      import('./components/DrOverview').then(m => m.DrOverviewPage),
    mountPoint: drOverviewRouteRef,
  }),
);

/**
 * Card for a System page: the DR roll-up of the system's services (counts
 * by state, the worst ones, a link to the DR overview filtered by it).
 *
 * @public
 */
export const EntityDrSystemCard = ackOnePlugin.provide(
  createComponentExtension({
    name: 'EntityDrSystemCard',
    component: {
      lazy: () => import('./components/DrSystemCard').then(m => m.DrSystemCard),
    },
  }),
);
