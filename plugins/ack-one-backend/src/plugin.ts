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
import { DrCache } from './cache/DrCache';
import { readDrLinkPatterns } from './cache/statusInputs';
import { readFailoverConfig } from './failover/config';
import { FailoverExecutor } from './failover/FailoverExecutor';
import { FailoverFactsReader } from './failover/FailoverFacts';
import { FailoverNotifier } from './failover/FailoverNotifier';
import { FailoverPlanner } from './failover/FailoverPlanner';
import { FailoverService } from './failover/FailoverService';
import { FailoverStore } from './failover/FailoverStore';
import { ClusterHealthChecker } from './service/ClusterHealth';
import { createRouter } from './service/router';

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
        inventory: ackOneInventoryServiceRef,
        database: coreServices.database,
        auditor: coreServices.auditor,
        auth: coreServices.auth,
        notifications: notificationService,
        signals: signalsServiceRef,
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
        inventory,
        database,
        auditor,
        auth,
        notifications,
        signals,
      }) {
        permissionsRegistry.addPermissions(ackOnePermissions);
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
          inventory,
          logger: logger.child({ component: 'dr-cache' }),
          liveness: {
            intervalMs: seconds('probeIntervalSeconds', 10),
            timeoutMs: seconds('probeTimeoutSeconds', 5),
          },
          requests: {
            requestTimeoutMs: seconds('requestTimeoutSeconds', 30),
            watchOpenTimeoutMs: seconds('watchOpenTimeoutSeconds', 15),
          },
          links: readDrLinkPatterns(config),
        });
        const health = new ClusterHealthChecker({
          ackOne,
          inventory,
          watched: drCache,
          logger,
        });
        const failoverConfig = readFailoverConfig(config);
        const store = await FailoverStore.create(database);
        const facts = new FailoverFactsReader({
          drCache,
          inventory,
          store,
          config: failoverConfig,
        });
        const notifier = new FailoverNotifier({
          auditor,
          notifications,
          signals,
          logger,
        });
        const executor = new FailoverExecutor({
          store,
          facts,
          notifier,
          config: failoverConfig,
          logger: logger.child({ component: 'failover-executor' }),
          catalog,
          auth,
          ackOne,
          drCache,
        });
        const failovers = new FailoverService({
          store,
          catalog,
          permissions,
          planner: new FailoverPlanner({ facts, drCache, notifier }),
          notifier,
          wake: () => executor.wake(),
        });
        lifecycle.addStartupHook(() => {
          drCache.start();
          executor.start();
        });
        lifecycle.addShutdownHook(async () => {
          await executor.stop();
          drCache.stop();
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            health,
            catalog,
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
