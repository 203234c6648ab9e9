import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { ackOnePermissions } from '@internal/plugin-ack-one-common';
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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        ackOne: ackOneServiceRef,
      },
      async init({
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        logger,
        config,
        lifecycle,
        catalog,
        ackOne,
      }) {
        permissionsRegistry.addPermissions(ackOnePermissions);
        const health = new ClusterHealthChecker({ ackOne, logger });
        const dr = config.getOptionalConfig('ackOne.drStatus');
        const seconds = (key: string, fallback: number) => {
          const v = dr?.getOptionalNumber(key) ?? fallback;
          if (!(v > 0))
            throw new Error(
              `ackOne.drStatus.${key} must be a positive number of seconds, not ${v}`,
            );
          return v * 1000;
        };
        const drCache = new DrCache({
          ackOne,
          logger: logger.child({ component: 'dr-cache' }),
          refreshMs: seconds('discoveryIntervalSeconds', 60),
          liveness: {
            intervalMs: seconds('probeIntervalSeconds', 10),
            timeoutMs: seconds('probeTimeoutSeconds', 5),
          },
          requests: {
            requestTimeoutMs: seconds('requestTimeoutSeconds', 30),
            watchOpenTimeoutMs: seconds('watchOpenTimeoutSeconds', 15),
          },
        });
        lifecycle.addStartupHook(() => drCache.start());
        lifecycle.addShutdownHook(() => drCache.stop());
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            health,
            catalog,
            drCache,
            logger,
          }),
        );
      },
    });
  },
});
