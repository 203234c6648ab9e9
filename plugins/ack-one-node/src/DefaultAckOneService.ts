import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeConfig } from '@kubernetes/client-node';
import * as $CS from '@alicloud/cs20151215';
import type * as $dara from '@darabonba/typescript';
import { AckOneAccountConfig } from './config';
import type { AckOneClusterRef } from './clusterRef';
import {
  createCredential,
  RegionClients,
  RpcProduct,
  runtimeFor,
  SecretTrackingCredential,
} from './clients';
import { AckOneApiError, toAckOneApiError } from './errors';
import {
  clusterFrom,
  fleetDetailsFrom,
  fleetFrom,
  managedClusterFrom,
} from './cloudObjects';
import { gatewaysFrom } from './gateways';
import { connectionSecrets, kubeConfigOptions } from './kubeconfig';
import {
  KubeconfigCache,
  KubeconfigScope,
  LoadedKubeconfig,
} from './KubeconfigCache';
import { KubeRequestOptions, withKubeDeadline } from './kubeDeadline';
import { loadKubernetesClient } from './loadKubernetesClient';
import { DEFAULT_RATE_LIMIT, RateLimiter } from './RateLimiter';
import { REAL_CLOCK, RetryClock, RetryOptions, withRetry } from './retry';
import {
  AckOneAccount,
  AckOneCluster,
  AckOneFleet,
  AckOneFleetDetails,
  AckOneGateway,
  AckOneKubeconfig,
  AckOneManagedCluster,
  AckOneService,
} from './types';

const CLUSTERS_PAGE_SIZE = 100;

/**
 * Options of {@link DefaultAckOneService}.
 *
 * @public
 */
export interface DefaultAckOneServiceOptions {
  /** The accounts, as `readAckOneAccounts` reads them from `ackOne.accounts`. */
  accounts: AckOneAccountConfig[];
  logger?: LoggerService;
  /** Test seam: clock, sleep and randomness of the backoff and rate limits. */
  clock?: RetryClock;
  /** Overrides of the backoff base and cap (ms). */
  backoff?: { baseDelayMs?: number; maxDelayMs?: number };
}

/** Options of one call through `#withRetry`. */
interface CallOptions {
  /** Secrets beyond the account's, to redact from errors. */
  secrets?: string[];
  /** Whether each attempt takes a token of the account's cloud rate limit. */
  rateLimited?: boolean;
}

/**
 * The default AckOneService: SDK clients per account and region, one rate
 * limit per account and region, backoff on throttling (honouring
 * Retry-After), 5xx and network errors within a per-call deadline, cached
 * kubeconfigs. Its raw SDK calls serve the write service of this package
 * only and are not part of its API.
 *
 * @public
 */
export class DefaultAckOneService implements AckOneService {
  readonly #accounts = new Map<string, AckOneAccountConfig>();
  readonly #clients = new Map<string, RegionClients>();
  readonly #credentials = new Map<string, SecretTrackingCredential>();
  readonly #counts: Record<string, number> = {};
  readonly #kubeconfigs: KubeconfigCache;
  readonly #limiter: RateLimiter;
  readonly #logger?: LoggerService;
  readonly #clock: RetryClock;
  readonly #backoff: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>;

  constructor(options: DefaultAckOneServiceOptions) {
    for (const a of options.accounts) this.#accounts.set(a.id, a);
    this.#logger = options.logger;
    this.#clock = options.clock ?? REAL_CLOCK;
    this.#limiter = new RateLimiter(this.#clock);
    this.#kubeconfigs = new KubeconfigCache({
      now: () => this.#clock.now(),
      logger: options.logger,
    });
    this.#backoff = {
      baseDelayMs: options.backoff?.baseDelayMs ?? 200,
      maxDelayMs: options.backoff?.maxDelayMs ?? 5_000,
    };
  }

  listAccounts(): AckOneAccount[] {
    return [...this.#accounts.values()].map(a => ({
      id: a.id,
      regions: [...a.regions],
      namespaceScope: a.namespaceScope,
    }));
  }

  /** API calls made so far (attempts, retries included), by call name. */
  getCallCounts(): Record<string, number> {
    return { ...this.#counts };
  }

  /** Starts the call counts of `getCallCounts` again from zero. */
  resetCallCounts(): void {
    for (const k of Object.keys(this.#counts)) delete this.#counts[k];
  }

  #account(id: string): AckOneAccountConfig {
    const a = this.#accounts.get(id);
    if (!a) {
      throw new AckOneApiError(
        { call: 'config', account: id },
        {
          code: 'UnknownAccount',
          retryable: false,
          message: 'no such account in ackOne.accounts',
        },
      );
    }
    return a;
  }

  /** The configured secret and those of the credentials last used (STS). */
  #secretsOf(account: AckOneAccountConfig): string[] {
    const c = account.credentials as any;
    return [
      c.accessKeySecret,
      c.securityToken,
      ...(this.#credentials.get(account.id)?.secrets ?? []),
    ].filter((s): s is string => typeof s === 'string' && !!s);
  }

  #regionClients(account: AckOneAccountConfig, region: string): RegionClients {
    const key = `${account.id}/${region}`;
    let c = this.#clients.get(key);
    if (!c) {
      let credential = this.#credentials.get(account.id);
      if (!credential) {
        credential = createCredential(account);
        this.#credentials.set(account.id, credential);
      }
      c = new RegionClients(account, region, credential);
      this.#clients.set(key, c);
    }
    return c;
  }

  async #withRetry<T>(
    account: AckOneAccountConfig,
    region: string,
    name: string,
    fn: (remainingMs: number) => Promise<T>,
    options: CallOptions = {},
  ): Promise<T> {
    const ctx = { call: name, account: account.id, region };
    return withRetry(
      async remaining => {
        const left = options.rateLimited
          ? await this.#limiter.acquire(
              ctx,
              account.rateLimit ?? DEFAULT_RATE_LIMIT,
              remaining,
            )
          : remaining;
        this.#counts[name] = (this.#counts[name] ?? 0) + 1;
        return fn(left);
      },
      err =>
        toAckOneApiError(err, ctx, [
          ...this.#secretsOf(account),
          ...(options.secrets ?? []),
        ]),
      {
        maxAttempts: account.maxAttempts,
        deadlineMs: account.callTimeoutMs,
        ...this.#backoff,
      },
      this.#clock,
      (err, attempt, delay) =>
        this.#logger?.debug(
          `ack-one: retrying ${name} for ${account.id}/${region} after ${err.code} (attempt ${attempt}, waiting ${delay} ms)`,
        ),
    );
  }

  /**
   * Low-level: any CS/VPC SDK call, with retries, errors and counting.
   *
   * @internal
   */
  async call<T>(
    accountId: string,
    region: string,
    name: string,
    fn: (clients: RegionClients, runtime: $dara.RuntimeOptions) => Promise<T>,
  ): Promise<T> {
    const account = this.#account(accountId);
    const clients = this.#regionClients(account, region);
    return this.#withRetry(
      account,
      region,
      name,
      remaining => fn(clients, runtimeFor(remaining)),
      { rateLimited: true },
    );
  }

  /**
   * Low-level: an RPC action of the Fleet (adcp) or CEN API.
   *
   * @internal
   */
  async rpc(
    accountId: string,
    region: string,
    product: RpcProduct,
    action: string,
    query: Record<string, unknown>,
    body?: Record<string, unknown>,
  ): Promise<any> {
    return this.call(accountId, region, action, (clients, runtime) =>
      clients.rpc(product, action, query, body, runtime),
    );
  }

  // ---------------------------------------------------------------- Fleets

  async listFleets(account: string, region: string): Promise<AckOneFleet[]> {
    const body = await this.rpc(
      account,
      region,
      'adcp',
      'DescribeHubClusters',
      {},
    );
    const fleets: any[] = Array.isArray(body?.Clusters) ? body.Clusters : [];
    return (
      fleets
        .map(f => fleetFrom(account, f))
        // one endpoint may serve several regions (simulator, central rule)
        .filter(f => !f.regionId || f.regionId === region)
    );
  }

  async getFleet(
    account: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneFleetDetails> {
    const body = await this.rpc(
      account,
      region,
      'adcp',
      'DescribeHubClusterDetails',
      { ClusterId: fleetId },
    );
    return fleetDetailsFrom(account, body?.Cluster ?? {});
  }

  async listManagedClusters(
    account: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneManagedCluster[]> {
    const body = await this.rpc(
      account,
      region,
      'adcp',
      'DescribeManagedClusters',
      { ClusterId: fleetId },
    );
    const list: any[] = Array.isArray(body?.Clusters) ? body.Clusters : [];
    return list.filter(m => m?.Cluster?.ClusterID).map(managedClusterFrom);
  }

  // -------------------------------------------------------------- Clusters

  async listClusters(
    account: string,
    region: string,
  ): Promise<AckOneCluster[]> {
    const out: AckOneCluster[] = [];
    const seen = new Set<string>();
    for (let page = 1; page <= 1000; page++) {
      const res = await this.call(
        account,
        region,
        'DescribeClustersV1',
        (clients, runtime) =>
          clients.cs.describeClustersV1WithOptions(
            new $CS.DescribeClustersV1Request({
              regionId: region,
              pageNumber: page,
              pageSize: CLUSTERS_PAGE_SIZE,
            }),
            {},
            runtime,
          ),
      );
      const clusters = res.body?.clusters ?? [];
      for (const c of clusters) {
        if (!c.clusterId || seen.has(c.clusterId)) continue;
        seen.add(c.clusterId);
        out.push(clusterFrom(account, region, c));
      }
      const total = res.body?.pageInfo?.totalCount ?? 0;
      if (!clusters.length || page * CLUSTERS_PAGE_SIZE >= total) break;
    }
    return out;
  }

  // ----------------------------------------------------------- Kubeconfigs

  async getClusterKubeconfig(
    accountId: string,
    region: string,
    cluster: { clusterId: string; clusterType?: string },
  ): Promise<AckOneKubeconfig> {
    const account = this.#account(accountId);
    const privateIp =
      cluster.clusterType === 'ExternalKubernetes' ||
      !account.publicClusterEndpoints;
    const ref: AckOneClusterRef = {
      kind: 'cluster',
      account: accountId,
      region,
      ...cluster,
    };
    return this.#kubeconfigs.get(
      ref,
      privateIp ? 'private' : 'public',
      async (): Promise<LoadedKubeconfig> => {
        const res = await this.call(
          accountId,
          region,
          'DescribeClusterUserKubeconfig',
          (clients, runtime) =>
            clients.cs.describeClusterUserKubeconfigWithOptions(
              cluster.clusterId,
              new $CS.DescribeClusterUserKubeconfigRequest({
                privateIpAddress: privateIp,
              }),
              {},
              runtime,
            ),
        );
        const expiration = res.body?.expiration
          ? new Date(res.body.expiration)
          : undefined;
        return {
          config: res.body?.config ?? '',
          expiration:
            expiration && !isNaN(expiration.getTime()) ? expiration : undefined,
        };
      },
    );
  }

  async getFleetKubeconfig(
    account: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneKubeconfig> {
    const ref: AckOneClusterRef = {
      kind: 'fleet',
      account,
      region,
      clusterId: fleetId,
    };
    return this.#kubeconfigs.get(ref, 'private', async () => {
      const body = await this.rpc(
        account,
        region,
        'adcp',
        'DescribeHubClusterKubeconfig',
        { ClusterId: fleetId, PrivateIpAddress: true },
      );
      return { config: String(body?.Kubeconfig ?? '') };
    });
  }

  invalidateKubeconfig(ref: AckOneClusterRef): void {
    this.#kubeconfigs.invalidate(ref);
  }

  retainKubeconfigs(
    refs: Iterable<AckOneClusterRef>,
    scope?: KubeconfigScope,
  ): void {
    this.#kubeconfigs.retain(refs, scope);
  }

  async toKubeConfig(kubeconfig: AckOneKubeconfig): Promise<KubeConfig> {
    const k8s = await loadKubernetesClient();
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions(
      kubeConfigOptions(
        kubeconfig.connection,
        `cluster ${kubeconfig.clusterId ?? '(unknown id)'}`,
      ),
    );
    return kc;
  }

  // -------------------------------------------------------------- Gateways

  /**
   * One Kubernetes request to a Fleet with retries, each attempt aborted at
   * the call's deadline. A 401 drops the Fleet's cached kubeconfig, so the
   * next call fetches new credentials.
   */
  async #fleetRequest<T>(
    fleet: AckOneClusterRef,
    secrets: string[],
    name: string,
    request: (options: KubeRequestOptions) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.#withRetry(
        this.#account(fleet.account),
        fleet.region,
        name,
        remaining => withKubeDeadline(request, remaining),
        { secrets },
      );
    } catch (e) {
      if (e instanceof AckOneApiError && e.status === 401) {
        this.invalidateKubeconfig(fleet);
      }
      throw e;
    }
  }

  async listFleetGateways(
    account: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneGateway[]> {
    const fleet: AckOneClusterRef = {
      kind: 'fleet',
      account,
      region,
      clusterId: fleetId,
    };
    const kubeconfig = await this.getFleetKubeconfig(account, region, fleetId);
    const secrets = connectionSecrets(kubeconfig.connection);
    const k8s = await loadKubernetesClient();
    const kc = await this.toKubeConfig(kubeconfig);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const networking = kc.makeApiClient(k8s.NetworkingV1Api);
    const listCustom = (group: string, version: string, plural: string) =>
      this.#fleetRequest(fleet, secrets, `k8s:list ${plural}`, options =>
        custom.listClusterCustomObject({ group, version, plural }, options),
      ).then(
        res => (Array.isArray(res?.items) ? (res.items as any[]) : []),
        e => {
          // the CRD is not installed in this Fleet: no such gateways
          if (e instanceof AckOneApiError && e.status === 404) return [];
          throw e;
        },
      );

    const [mseIngressConfigs, albConfigs, ingressClasses] = await Promise.all([
      listCustom('mse.alibabacloud.com', 'v1alpha1', 'mseingressconfigs'),
      listCustom('alibabacloud.com', 'v1', 'albconfigs'),
      this.#fleetRequest(fleet, secrets, 'k8s:list ingressclasses', options =>
        networking.listIngressClass({}, options),
      ).then(r => r.items ?? []),
    ]);
    return gatewaysFrom(
      { account, regionId: region, fleetId },
      { mseIngressConfigs, albConfigs, ingressClasses },
    );
  }
}
