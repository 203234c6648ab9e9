import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ackOneServiceRef } from '@internal/plugin-ack-one-node';
import { DrCache } from './cache/DrCache';
import { ClusterHealthChecker } from './service/ClusterHealth';
import { createRouter } from './service/router';

/**
 * The ACK One backend plugin (id `ack-one`, served under `/api/ack-one`):
 * cluster health and the DR status of services, from a watch-based cache.
 *
 * @public
 */
export const ackOnePlugin = createBackendPlugin({
  pluginId: 'ack-one',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        ackOne: ackOneServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        logger,
        config,
        lifecycle,
        catalog,
        ackOne,
      }) {
        const health = new ClusterHealthChecker({ ackOne, logger });
        const refreshSeconds =
          config.getOptionalNumber(
            'ackOne.drStatus.discoveryIntervalSeconds',
          ) ?? 60;
        const drCache = new DrCache({
          ackOne,
          logger: logger.child({ component: 'dr-cache' }),
          refreshMs: refreshSeconds * 1000,
        });
        lifecycle.addStartupHook(() => drCache.start());
        lifecycle.addShutdownHook(() => drCache.stop());
        httpRouter.use(
          await createRouter({ httpAuth, health, catalog, drCache }),
        );
      },
    });
  },
});
