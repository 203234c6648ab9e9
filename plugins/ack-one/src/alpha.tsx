import { compatWrapper } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { AckOneClient, ackOneApiRef } from './api';
import {
  isAckOneClusterEntity,
  isAckOneDrAvailable,
  isAckOneFleetEntity,
} from './conditions';

/**
 * The {@link AckOneApi} implementation for the new frontend system.
 *
 * @alpha
 */
export const ackOneApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: ackOneApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AckOneClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * Entity card for ACK One member clusters (`Resource` of type
 * `kubernetes-cluster` with `ack-one/*` annotations).
 *
 * @alpha
 */
export const ackOneClusterEntityCard = EntityCardBlueprint.make({
  name: 'cluster',
  params: {
    filter: isAckOneClusterEntity,
    loader: () =>
      import('./components/ClusterInfoCard').then(m =>
        compatWrapper(<m.ClusterInfoCard />),
      ),
  },
});

/**
 * Entity card for ACK One Fleets (`Resource` of type `ack-one-fleet`).
 *
 * @alpha
 */
export const ackOneFleetEntityCard = EntityCardBlueprint.make({
  name: 'fleet',
  params: {
    filter: isAckOneFleetEntity,
    loader: () =>
      import('./components/FleetInfoCard').then(m =>
        compatWrapper(<m.FleetInfoCard />),
      ),
  },
});

/**
 * The Disaster Recovery tab of services that name their Fleet in
 * `ack-one/fleet`.
 *
 * @alpha
 */
export const ackOneDrEntityContent = EntityContentBlueprint.make({
  name: 'dr',
  params: {
    path: 'disaster-recovery',
    title: 'Disaster Recovery',
    filter: isAckOneDrAvailable,
    loader: () =>
      import('./components/DrContent').then(m =>
        compatWrapper(<m.DrContent />),
      ),
  },
});

/**
 * The ACK One frontend plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'ack-one',
  title: 'ACK One',
  info: { packageJson: () => import('../package.json') },
  extensions: [
    ackOneApi,
    ackOneClusterEntityCard,
    ackOneFleetEntityCard,
    ackOneDrEntityContent,
  ],
});

export {
  isAckOneClusterEntity,
  isAckOneDrAvailable,
  isAckOneFleetEntity,
} from './conditions';
export { ackOneApiRef } from './api';
export type { AckOneApi, ClusterHealth } from './api';
