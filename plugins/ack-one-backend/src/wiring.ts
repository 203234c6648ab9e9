import {
  AuditorService,
  AuthService,
  DatabaseService,
  LoggerService,
  PermissionsService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { SignalsService } from '@backstage/plugin-signals-node';
import { AckOneInventory, AckOneService } from '@internal/plugin-ack-one-node';
import { DrCache } from './cache/DrCache';
import { readDrLinkPatterns } from './cache/statusInputs';
import { readFailoverConfig } from './failover/config';
import { FailoverExecutor } from './failover/FailoverExecutor';
import { FailoverFactsReader } from './failover/FailoverFacts';
import { FailoverNotifier } from './failover/FailoverNotifier';
import { FailoverPlanner } from './failover/FailoverPlanner';
import { FailoverService } from './failover/FailoverService';
import { FailoverStore } from './failover/FailoverStore';

/** Builds the DR status cache from `ackOne.drStatus`. */
export function createDrCache(options: {
  config: RootConfigService;
  ackOne: AckOneService;
  inventory: AckOneInventory;
  logger: LoggerService;
}): DrCache {
  const { config, ackOne, inventory, logger } = options;
  const dr = config.getOptionalConfig('ackOne.drStatus');
  const seconds = (key: string, fallback: number) => {
    const v = dr?.getOptionalNumber(key) ?? fallback;
    if (!(v > 0))
      throw new Error(
        `ackOne.drStatus.${key} must be a positive number of seconds, not ${v}`,
      );
    return v * 1000;
  };
  return new DrCache({
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
}

/** Builds the failover store, executor and service. */
export async function createFailovers(options: {
  config: RootConfigService;
  database: DatabaseService;
  drCache: DrCache;
  inventory: AckOneInventory;
  ackOne: AckOneService;
  catalog: CatalogService;
  permissions: PermissionsService;
  auditor: AuditorService;
  auth: AuthService;
  notifications: NotificationService;
  signals: SignalsService;
  logger: LoggerService;
}) {
  const { drCache, inventory, catalog, logger } = options;
  const failoverConfig = readFailoverConfig(options.config);
  const store = await FailoverStore.create(options.database);
  const facts = new FailoverFactsReader({
    drCache,
    inventory,
    store,
    config: failoverConfig,
  });
  const notifier = new FailoverNotifier({
    auditor: options.auditor,
    notifications: options.notifications,
    signals: options.signals,
    logger,
  });
  const executor = new FailoverExecutor({
    store,
    facts,
    notifier,
    config: failoverConfig,
    logger: logger.child({ component: 'failover-executor' }),
    catalog,
    auth: options.auth,
    ackOne: options.ackOne,
    drCache,
  });
  const failovers = new FailoverService({
    store,
    catalog,
    permissions: options.permissions,
    planner: new FailoverPlanner({ facts, drCache, notifier }),
    notifier,
    wake: () => executor.wake(),
  });
  return { store, executor, failovers };
}
