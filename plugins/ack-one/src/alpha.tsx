import {
  compatWrapper,
  convertLegacyRouteRef,
} from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
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
  isAckOneGatewayEntity,
} from './conditions';
import { drOverviewRouteRef } from './routes';

const drOverviewRoute = convertLegacyRouteRef(drOverviewRouteRef);

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
 * Entity card for a Fleet's multi-cluster gateway (`Resource` of type
 * `multi-cluster-gateway`): status, address, IngressClasses, and each route
 * with the services using it and its weights.
 *
 * @alpha
 */
export const ackOneGatewayEntityCard = EntityCardBlueprint.make({
  name: 'gateway',
  params: {
    filter: isAckOneGatewayEntity,
    loader: () =>
      import('./components/GatewayCard').then(m =>
        compatWrapper(<m.GatewayCard />),
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
 * The DR overview page at `/dr-overview`: every opted-in service with its
 * DR state, filters, CSV export and the blast radius of losing a cluster.
 *
 * @alpha
 */
export const ackOneDrOverviewPage = PageBlueprint.make({
  name: 'dr-overview',
  params: {
    path: '/dr-overview',
    title: 'DR overview',
    // The page has its own header (the "DR overview" heading).
    noHeader: true,
    routeRef: drOverviewRoute,
    loader: () =>
      import('./components/DrOverview').then(m =>
        compatWrapper(<m.DrOverviewPage />),
      ),
  },
});

/**
 * Entity card for System pages: the DR roll-up of the system's services.
 *
 * @alpha
 */
export const ackOneDrSystemEntityCard = EntityCardBlueprint.make({
  name: 'dr-system',
  params: {
    filter: entity => entity.kind.toLocaleLowerCase('en-US') === 'system',
    loader: () =>
      import('./components/DrSystemCard').then(m =>
        compatWrapper(<m.DrSystemCard />),
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
    ackOneGatewayEntityCard,
    ackOneDrEntityContent,
    ackOneDrOverviewPage,
    ackOneDrSystemEntityCard,
  ],
  routes: { drOverview: drOverviewRoute },
});

export {
  isAckOneClusterEntity,
  isAckOneDrAvailable,
  isAckOneFleetEntity,
} from './conditions';
export { ackOneApiRef } from './api';
export type {
  AckOneApi,
  ClusterHealth,
  DrOverviewQuery,
  FailoverListOptions,
} from './api';
export * from './alpha/index';
