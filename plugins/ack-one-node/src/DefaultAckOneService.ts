import type { LoggerService } from '@backstage/backend-plugin-api';
import type { KubeConfig } from '@kubernetes/client-node';
import * as $CS from '@alicloud/cs20151215';
import type * as $dara from '@darabonba/typescript';
import { MSE_REMOTE_CLUSTERS_ANNOTATION } from '@internal/plugin-ack-one-common';
import { AckOneAccountConfig } from './config';
import {
  createCredential,
  RegionClients,
  RpcProduct,
  runtimeFor,
} from './clients';
import { AckOneApiError, toAckOneApiError } from './errors';
import { connectionSecrets, parseKubeconfig } from './kubeconfig';
import { loadKubernetesClient } from './loadKubernetesClient';
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

/** Kubeconfigs are dropped this long before they expire. */
const KUBECONFIG_EXPIRY_MARGIN_MS = 5 * 60_000;
/** Fleet kubeconfigs carry no expiration: they are re-read this often. */
const FLEET_KUBECONFIG_TTL_MS = 30 * 60_000;
const CLUSTERS_PAGE_SIZE = 100;

export interface DefaultAckOneServiceOptions {
  accounts: AckOneAccountConfig[];
  logger?: LoggerService;
  /** Test seam: clock, sleep and randomness of the backoff. */
  clock?: RetryClock;
  /** Overrides of the backoff base and cap (ms). */
  backoff?: Partial<Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>>;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

function parseMasterUrl(raw: string | undefined): {
  public?: string;
  intranet?: string;
} {
  if (!raw) return {};
  try {
    const m = JSON.parse(raw);
    return {
      public: str(m?.api_server_endpoint),
      intranet: str(m?.intranet_api_server_endpoint),
    };
  } catch {
    return {};
  }
}

function splitIds(raw: unknown): string[] {
  return typeof raw === 'string'
    ? raw
        .split(/[\s,]+/)
        .map(s => s.trim())
        .filter(Boolean)
    : [];
}

/**
 * The default AckOneService: SDK clients per account and region, backoff on
 * throttling, 5xx and network errors within a per-call deadline, cached
 * kubeconfigs.
 */
export class DefaultAckOneService implements AckOneService {
  readonly #accounts = new Map<string, AckOneAccountConfig>();
  readonly #clients = new Map<string, RegionClients>();
  readonly #credentials = new Map<
    string,
    ReturnType<typeof createCredential>
  >();
  readonly #counts: Record<string, number> = {};
  readonly #kubeconfigs = new Map<
    string,
    { expiresAt: number; value: Promise<AckOneKubeconfig> }
  >();
  readonly #logger?: LoggerService;
  readonly #clock: RetryClock;
  readonly #backoff: Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs'>;

  constructor(options: DefaultAckOneServiceOptions) {
    for (const a of options.accounts) this.#accounts.set(a.id, a);
    this.#logger = options.logger;
    this.#clock = options.clock ?? REAL_CLOCK;
    this.#backoff = {
      baseDelayMs: options.backoff?.baseDelayMs ?? 200,
      maxDelayMs: options.backoff?.maxDelayMs ?? 5_000,
    };
  }

  listAccounts(): AckOneAccount[] {
    return [...this.#accounts.values()].map(a => ({
      id: a.id,
      regions: [...a.regions],
    }));
  }

  getCallCounts(): Record<string, number> {
    return { ...this.#counts };
  }

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

  #secretsOf(account: AckOneAccountConfig): string[] {
    const c = account.credentials as any;
    return [c.accessKeySecret].filter(Boolean);
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
    region: string | undefined,
    name: string,
    fn: (remainingMs: number) => Promise<T>,
    extraSecrets: string[] = [],
  ): Promise<T> {
    const ctx = { call: name, account: account.id, region };
    const secrets = [...this.#secretsOf(account), ...extraSecrets];
    return withRetry(
      async remaining => {
        this.#counts[name] = (this.#counts[name] ?? 0) + 1;
        return fn(remaining);
      },
      err => toAckOneApiError(err, ctx, secrets),
      {
        maxAttempts: account.maxAttempts,
        deadlineMs: account.callTimeoutMs,
        ...this.#backoff,
      },
      this.#clock,
      (err, attempt, delay) =>
        this.#logger?.debug(
          `ack-one: retrying ${name} for ${account.id}/${region ?? '-'} after ${
            err.code
          } (attempt ${attempt}, waiting ${delay} ms)`,
        ),
    );
  }

  async call<T>(
    accountId: string,
    region: string,
    name: string,
    fn: (clients: RegionClients, runtime: $dara.RuntimeOptions) => Promise<T>,
  ): Promise<T> {
    const account = this.#account(accountId);
    const clients = this.#regionClients(account, region);
    return this.#withRetry(account, region, name, remaining =>
      fn(clients, runtimeFor(remaining)),
    );
  }

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

  #fleetFrom(account: string, raw: any): AckOneFleet {
    const info = raw?.ClusterInfo ?? {};
    return {
      account,
      regionId: info.RegionId ?? '',
      clusterId: info.ClusterId ?? '',
      name: info.Name ?? '',
      state: info.State ?? '',
      profile: str(info.Profile),
      version: str(info.Version),
      vpcId: str(raw?.Network?.VpcId),
      vSwitches: Array.isArray(raw?.Network?.VSwitches)
        ? raw.Network.VSwitches
        : [],
      intranetApiServerEndpoint: str(raw?.Endpoints?.IntranetApiServerEndpoint),
      publicApiServerEndpoint: str(raw?.Endpoints?.PublicApiServerEndpoint),
      created: str(info.CreationTime),
      updated: str(info.UpdateTime),
      tags: Array.isArray(info.Tags)
        ? info.Tags.map((t: any) => ({
            key: String(t?.Key ?? ''),
            value: String(t?.Value ?? ''),
          }))
        : [],
    };
  }

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
        .map(f => this.#fleetFrom(account, f))
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
    const raw = body?.Cluster ?? {};
    const ackOne = raw?.ClusterInfo?.MetaData?.ACKOne ?? {};
    const gateway = ackOne.Gateway ?? ackOne.MSE;
    return {
      ...this.#fleetFrom(account, raw),
      gitOpsEnabled:
        typeof ackOne.GitOps?.Enabled === 'boolean'
          ? ackOne.GitOps.Enabled
          : undefined,
      gitOpsHaEnabled:
        typeof ackOne.GitOps?.HAEnabled === 'boolean'
          ? ackOne.GitOps.HAEnabled
          : undefined,
      gatewayEnabled:
        typeof gateway?.Enabled === 'boolean' ? gateway.Enabled : undefined,
    };
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
    return list
      .filter(m => m?.Cluster?.ClusterID)
      .map(m => ({
        clusterId: m.Cluster.ClusterID,
        name: m.Cluster.Name ?? '',
        clusterType: str(m.Cluster.ClusterType),
        regionId: str(m.Cluster.Region),
        state: str(m.Cluster.State),
        vpcId: str(m.Cluster.VpcID),
        memberState: str(m.Status?.State),
        memberMessage: str(m.Status?.Message),
      }));
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
        out.push({
          account,
          clusterId: c.clusterId,
          name: c.name ?? '',
          clusterType: c.clusterType ?? '',
          clusterSpec: str(c.clusterSpec),
          regionId: c.regionId ?? region,
          zoneId: str(c.zoneId),
          vpcId: str(c.vpcId),
          state: c.state ?? '',
          currentVersion: str(c.currentVersion),
          apiServerEndpoints: parseMasterUrl(c.masterUrl),
          tags: (c.tags ?? []).map(t => ({
            key: t.key ?? '',
            value: t.value ?? '',
          })),
          created: str(c.created),
          updated: str(c.updated),
        });
      }
      const total = res.body?.pageInfo?.totalCount ?? 0;
      if (!clusters.length || page * CLUSTERS_PAGE_SIZE >= total) break;
    }
    return out;
  }

  // ----------------------------------------------------------- Kubeconfigs

  async #cachedKubeconfig(
    key: string,
    load: () => Promise<{ config: string; expiration?: Date }>,
    defaultTtlMs: number,
  ): Promise<AckOneKubeconfig> {
    const now = this.#clock.now();
    const hit = this.#kubeconfigs.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = load().then(({ config, expiration }) => {
      let connection;
      try {
        connection = parseKubeconfig(config);
      } catch (e) {
        throw new Error(
          `unusable kubeconfig for ${key}: ${(e as Error).message}`,
        );
      }
      const expiresAt = expiration
        ? expiration.getTime() - KUBECONFIG_EXPIRY_MARGIN_MS
        : this.#clock.now() + defaultTtlMs;
      const entry = this.#kubeconfigs.get(key);
      if (entry && entry.value === value) entry.expiresAt = expiresAt;
      return { config, expiration, connection };
    });
    // placeholder expiry while loading: concurrent callers share the load
    this.#kubeconfigs.set(key, { expiresAt: Number.MAX_SAFE_INTEGER, value });
    value.catch(() => {
      if (this.#kubeconfigs.get(key)?.value === value) {
        this.#kubeconfigs.delete(key);
      }
    });
    return value;
  }

  async getClusterKubeconfig(
    accountId: string,
    region: string,
    cluster: { clusterId: string; clusterType?: string },
  ): Promise<AckOneKubeconfig> {
    const account = this.#account(accountId);
    const privateIp =
      cluster.clusterType === 'ExternalKubernetes' ||
      !account.publicClusterEndpoints;
    return this.#cachedKubeconfig(
      `${accountId}/${region}/cluster/${cluster.clusterId}/${privateIp}`,
      async () => {
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
      FLEET_KUBECONFIG_TTL_MS,
    );
  }

  async getFleetKubeconfig(
    account: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneKubeconfig> {
    return this.#cachedKubeconfig(
      `${account}/${region}/fleet/${fleetId}`,
      async () => {
        const body = await this.rpc(
          account,
          region,
          'adcp',
          'DescribeHubClusterKubeconfig',
          { ClusterId: fleetId, PrivateIpAddress: true },
        );
        return { config: String(body?.Kubeconfig ?? '') };
      },
      FLEET_KUBECONFIG_TTL_MS,
    );
  }

  async toKubeConfig(kubeconfig: AckOneKubeconfig): Promise<KubeConfig> {
    const k8s = await loadKubernetesClient();
    const kc = new k8s.KubeConfig();
    kc.loadFromString(kubeconfig.config);
    return kc;
  }

  // -------------------------------------------------------------- Gateways

  async listFleetGateways(
    accountId: string,
    region: string,
    fleetId: string,
  ): Promise<AckOneGateway[]> {
    const account = this.#account(accountId);
    const kubeconfig = await this.getFleetKubeconfig(
      accountId,
      region,
      fleetId,
    );
    const secrets = connectionSecrets(kubeconfig.connection);
    const k8s = await loadKubernetesClient();
    const kc = await this.toKubeConfig(kubeconfig);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    const networking = kc.makeApiClient(k8s.NetworkingV1Api);

    const listCustom = async (
      group: string,
      version: string,
      plural: string,
    ): Promise<any[]> => {
      try {
        const res = await this.#withRetry(
          account,
          region,
          `k8s:list ${plural}`,
          () => custom.listClusterCustomObject({ group, version, plural }),
          secrets,
        );
        return Array.isArray(res?.items) ? res.items : [];
      } catch (e) {
        // the CRD is not installed in this Fleet: no such gateways
        if (e instanceof AckOneApiError && e.status === 404) return [];
        throw e;
      }
    };

    const [mse, alb, classes] = await Promise.all([
      listCustom('mse.alibabacloud.com', 'v1alpha1', 'mseingressconfigs'),
      listCustom('alibabacloud.com', 'v1', 'albconfigs'),
      this.#withRetry(
        account,
        region,
        'k8s:list ingressclasses',
        () => networking.listIngressClass(),
        secrets,
      ).then(r => r.items ?? []),
    ]);

    const classesFor = (kind: string, name: string, local?: string) => {
      const names = classes
        .filter(
          c =>
            c.spec?.parameters?.kind === kind &&
            c.spec?.parameters?.name === name,
        )
        .map(c => c.metadata?.name)
        .filter((n): n is string => !!n);
      if (local && !names.includes(local)) names.push(local);
      return names.sort();
    };

    const gateways: AckOneGateway[] = [];
    for (const o of mse) {
      const name = o?.metadata?.name;
      if (!name) continue;
      gateways.push({
        account: accountId,
        regionId: region,
        fleetId,
        kind: 'MseIngressConfig',
        name,
        status: str(o.status?.status),
        address: str(o.status?.endpoint),
        ingressClasses: classesFor(
          'MseIngressConfig',
          name,
          str(o.spec?.ingress?.local?.ingressClass),
        ),
        clusterIds: splitIds(
          o.metadata?.annotations?.[MSE_REMOTE_CLUSTERS_ANNOTATION],
        ),
      });
    }
    for (const o of alb) {
      const name = o?.metadata?.name;
      if (!name) continue;
      gateways.push({
        account: accountId,
        regionId: region,
        fleetId,
        kind: 'AlbConfig',
        name,
        status: str(o.status?.loadBalancer?.status) ?? str(o.status?.status),
        address: str(o.status?.loadBalancer?.dnsname),
        ingressClasses: classesFor('AlbConfig', name),
        clusterIds: [],
      });
    }
    return gateways;
  }
}
