import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  AksStrategy,
  AnonymousStrategy,
  AwsIamStrategy,
  AzureIdentityStrategy,
  GoogleServiceAccountStrategy,
  GoogleStrategy,
  OidcStrategy,
  ServiceAccountStrategy,
} from '@backstage/plugin-kubernetes-backend';
import {
  AuthenticationStrategy,
  ClusterDetails,
  kubernetesAuthStrategyExtensionPoint,
  kubernetesClusterSupplierExtensionPoint,
  kubernetesFetcherExtensionPoint,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import { ackOneServiceRef } from '@internal/plugin-ack-one-node';
import { AckOneAuthStrategy } from './AckOneAuthStrategy';
import { AckOneClusterSupplier } from './AckOneClusterSupplier';
import { ScopedFetcher } from './ScopedFetcher';
import { ACK_ONE_AUTH_STRATEGY } from './clusterMetadata';
import { readClusterSupplierConfig } from './config';

/**
 * The strategies the Kubernetes backend builds when no module adds one.
 * Adding a strategy through the extension point replaces that default map,
 * so they are added back next to ours; config and catalog clusters keep
 * working exactly as before.
 */
function defaultAuthStrategies(
  config: Config,
  logger: LoggerService,
): Array<[string, AuthenticationStrategy]> {
  return [
    ['aks', new AksStrategy()],
    ['aws', new AwsIamStrategy({ config })],
    ['azure', new AzureIdentityStrategy(logger)],
    ['google', new GoogleStrategy()],
    ['googleServiceAccount', new GoogleServiceAccountStrategy({ config })],
    ['localKubectlProxy', new AnonymousStrategy()],
    ['oidc', new OidcStrategy()],
    ['serviceAccount', new ServiceAccountStrategy()],
  ];
}

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
        clusters: kubernetesClusterSupplierExtensionPoint,
        authStrategies: kubernetesAuthStrategyExtensionPoint,
        fetchers: kubernetesFetcherExtensionPoint,
      },
      async init({
        config,
        logger,
        scheduler,
        ackOne,
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
          logger,
          config: moduleConfig,
          // the strategy forgets credentials of clusters no longer supplied
          onRefreshed: refs => ackOneStrategy.retain(refs),
        });

        for (const [key, strategy] of defaultAuthStrategies(config, logger)) {
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

        await scheduler.scheduleTask({
          id: 'ack-one-cluster-supplier:refresh',
          frequency: moduleConfig.refreshInterval,
          timeout: { minutes: 3 },
          initialDelay: moduleConfig.refreshInterval,
          scope: 'local',
          fn: async () => {
            const r = await supplier.refresh();
            logger.debug(
              `ACK One clusters: ${r.clusters}; read ${
                r.succeeded.join(', ') || 'none'
              }${r.failed.length ? `; failed ${r.failed.join(', ')}` : ''}`,
            );
          },
        });
      },
    });
  },
});

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
