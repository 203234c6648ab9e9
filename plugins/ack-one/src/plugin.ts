import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { AckOneClient, ackOneApiRef } from './api';

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
