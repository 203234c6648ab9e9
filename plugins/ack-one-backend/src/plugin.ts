import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import { ackOnePermissions } from '@internal/plugin-ack-one-common';
import {
  ackOneInventoryServiceRef,
  ackOneServiceRef,
} from '@internal/plugin-ack-one-node';
import { ClusterHealthChecker } from './service/ClusterHealth';
import { createRouter } from './service/router';
import { createDrCache, createFailovers } from './wiring';

/** The services the ACK One backend plugin depends on. */
const ackOneDeps = {
  httpRouter: coreServices.httpRouter,
  httpAuth: coreServices.httpAuth,
  permissions: coreServices.permissions,
  permissionsRegistry: coreServices.permissionsRegistry,
  logger: coreServices.logger,
  config: coreServices.rootConfig,
  lifecycle: coreServices.lifecycle,
  catalog: catalogServiceRef,
  ackOne: ackOneServiceRef,
  inventory: ackOneInventoryServiceRef,
  database: coreServices.database,
  auditor: coreServices.auditor,
  auth: coreServices.auth,
  notifications: notificationService,
  signals: signalsServiceRef,
};

/**
 * The ACK One backend plugin (id `ack-one`, served under `/api/ack-one`):
 * cluster health, the DR status of services from a watch-based cache, and
 * failovers with owner approval, executed on the Fleet's gateway by one of
 * the backend instances.
 *
 * @public
 */
export const ackOnePlugin = createBackendPlugin({
  pluginId: 'ack-one',
  register(env) {
    env.registerInit({
      deps: ackOneDeps,
      async init(deps) {
        const { ackOne, inventory, logger, lifecycle } = deps;
        deps.permissionsRegistry.addPermissions(ackOnePermissions);
        const drCache = createDrCache(deps);
        const health = new ClusterHealthChecker({
          ackOne,
          inventory,
          watched: drCache,
          logger,
        });
        const { store, executor, failovers } = await createFailovers({
          ...deps,
          drCache,
        });
        lifecycle.addStartupHook(() => {
          drCache.start();
          executor.start();
        });
        lifecycle.addShutdownHook(async () => {
          await executor.stop();
          drCache.stop();
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            health,
            catalog: deps.catalog,
            drCache,
            logger,
            failovers,
            lastFailovers: store,
          }),
        );
      },
    });
  },
});
