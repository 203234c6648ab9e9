import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type {
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  ClusterDetails,
  kubernetesAuthStrategyExtensionPoint,
  kubernetesClusterSupplierExtensionPoint,
  kubernetesFetcherExtensionPoint,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import {
  ackOneInventoryServiceRef,
  ackOneServiceRef,
} from '@internal/plugin-ack-one-node';
import { AckOneAuthStrategy } from './AckOneAuthStrategy';
import { AckOneClusterSupplier } from './AckOneClusterSupplier';
import { ScopedFetcher } from './ScopedFetcher';
import { ACK_ONE_AUTH_STRATEGY } from './clusterMetadata';
import { readClusterSupplierConfig } from './config';
import type { AckOneClusterSupplierConfig } from './config';
import { stockAuthStrategies } from './stockAuthStrategies';

/**
 * Kubernetes backend module: supplies the member clusters (IDC registered and
 * ACK) and optionally the Fleets of every `ackOne.accounts` entry as
 * Kubernetes clusters, next to the clusters of
 * `kubernetes.clusterLocatorMethods`, and registers the `ackOne` auth
 * strategy that fetches their credentials from ACK One on the backend.
 * Without `ackOne.accounts` (or without `kubernetes` config) it registers
 * nothing.
 *
 * @public
 */
export const kubernetesModuleAckOneClusterSupplier = createBackendModule({
  pluginId: 'kubernetes',
  moduleId: 'ack-one-cluster-supplier',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        ackOne: ackOneServiceRef,
        inventory: ackOneInventoryServiceRef,
        clusters: kubernetesClusterSupplierExtensionPoint,
        authStrategies: kubernetesAuthStrategyExtensionPoint,
        fetchers: kubernetesFetcherExtensionPoint,
      },
      async init({
        config,
        logger,
        scheduler,
        ackOne,
        inventory,
        clusters,
        authStrategies,
        fetchers,
      }) {
        if (!config.has('kubernetes')) return;
        if (!ackOne.listAccounts().length) {
          logger.info(
            'No ackOne.accounts configured; the ACK One cluster supplier is idle',
          );
          return;
        }
        const moduleConfig = readClusterSupplierConfig(config);
        const ackOneStrategy = new AckOneAuthStrategy({ ackOne, logger });
        const supplier = new AckOneClusterSupplier({
          ackOne,
          inventory,
          logger,
          config: moduleConfig,
          // the strategy forgets credentials of clusters no longer supplied
          onRefreshed: refs => ackOneStrategy.retain(refs),
        });

        // Adding a strategy replaces the Kubernetes backend's defaults, so
        // they are added back next to ours: config and catalog clusters keep
        // working exactly as before.
        for (const [key, strategy] of stockAuthStrategies({ config, logger })) {
          authStrategies.addAuthStrategy(key, strategy);
        }
        authStrategies.addAuthStrategy(ACK_ONE_AUTH_STRATEGY, ackOneStrategy);

        const hasLocators = config.has('kubernetes.clusterLocatorMethods');
        // A service sees only the namespaces its account's rule lets it claim.
        const rules = new Map(
          ackOne.listAccounts().map(a => [a.id, a.namespaceScope]),
        );
        fetchers.addFetcher(
          async ({ getDefault }) =>
            new ScopedFetcher({
              inner: await getDefault(),
              ruleOf: account => rules.get(account) ?? 'namespace-label',
            }),
        );

        clusters.addClusterSupplier(async ({ getDefault }) => {
          const others = hasLocators ? await getDefault() : undefined;
          return combine(others, supplier, logger);
        });

        // a cluster that joins or leaves is supplied or dropped at once
        inventory.subscribe(() => void supplier.update());
        await scheduleRefresh(scheduler, supplier, moduleConfig, logger);
      },
    });
  },
});

/**
 * Rebuilds the list every `refreshInterval` from the inventory (which
 * re-reads ACK One on its own schedule), so kubeconfigs that could not be
 * read are tried again.
 */
async function scheduleRefresh(
  scheduler: SchedulerService,
  supplier: AckOneClusterSupplier,
  moduleConfig: AckOneClusterSupplierConfig,
  logger: LoggerService,
) {
  await scheduler.scheduleTask({
    id: 'ack-one-cluster-supplier:refresh',
    frequency: moduleConfig.refreshInterval,
    timeout: { minutes: 3 },
    initialDelay: moduleConfig.refreshInterval,
    scope: 'local',
    fn: async () => {
      const r = await supplier.update();
      logger.debug(
        `ACK One clusters: ${r.clusters}; read ${
          r.succeeded.join(', ') || 'none'
        }${r.failed.length ? `; failed ${r.failed.join(', ')}` : ''}`,
      );
    },
  });
}

/** Config/catalog clusters first; ours after, unless a name is taken. */
function combine(
  others: KubernetesClustersSupplier | undefined,
  ours: AckOneClusterSupplier,
  logger: LoggerService,
): KubernetesClustersSupplier {
  const warned = new Set<string>();
  return {
    async getClusters(options) {
      const [theirs, mine] = await Promise.all([
        others ? others.getClusters(options) : ([] as ClusterDetails[]),
        ours.getClusters(),
      ]);
      const names = new Set(theirs.map(c => c.name));
      const out = [...theirs];
      for (const c of mine) {
        if (names.has(c.name)) {
          if (!warned.has(c.name)) {
            warned.add(c.name);
            logger.warn(
              `cluster "${c.name}" is configured in kubernetes.clusterLocatorMethods and found in ACK One; the configured one is used`,
            );
          }
          continue;
        }
        out.push(c);
      }
      return out;
    },
  };
}
