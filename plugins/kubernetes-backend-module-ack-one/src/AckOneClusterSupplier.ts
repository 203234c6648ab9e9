import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import {
  getKubeconfigFor,
  type AckOneClusterRef,
  type AckOneKubeconfig,
  type AckOneService,
} from '@internal/plugin-ack-one-node';
import type { AckOneClusterSupplierConfig } from './config';
import {
  entityNameFor,
  errorText,
  fromAuthMetadata,
  toAuthMetadata,
} from './clusterMetadata';

/** Cluster states in which ACK One hands out a kubeconfig. */
const CONNECTABLE_STATES = new Set([
  'running',
  'updating',
  'upgrading',
  'scaling',
]);

export interface AckOneClusterSupplierOptions {
  ackOne: AckOneService;
  logger: LoggerService;
  config: Pick<
    AckOneClusterSupplierConfig,
    'accounts' | 'includeFleets' | 'skipMetricsLookup'
  >;
  /** Told, after every refresh, which clusters are supplied now. */
  onRefreshed?: (refs: AckOneClusterRef[]) => void;
}

/** What one refresh did. */
export interface AckOneClusterRefreshResult {
  clusters: number;
  /** `account/region` read now. */
  succeeded: string[];
  /** `account/region` that failed: their last known clusters were kept. */
  failed: string[];
}

/**
 * Supplies the member clusters (IDC registered and ACK) and, optionally, the
 * Fleets of the configured ACK One accounts to the Kubernetes backend.
 *
 * The list is cached and re-read by `refresh()` (scheduled by the module).
 * An account/region whose cloud calls fail keeps its last known clusters, and
 * a cluster whose kubeconfig cannot be fetched keeps its last known address;
 * each problem is logged once, when it starts, and again when it ends.
 * Cluster details carry the API server and CA from the kubeconfig and the
 * cluster's ids in `authMetadata` — never a credential.
 */
export class AckOneClusterSupplier implements KubernetesClustersSupplier {
  readonly #ackOne: AckOneService;
  readonly #logger: LoggerService;
  readonly #config: AckOneClusterSupplierOptions['config'];
  readonly #targets: Array<{ account: string; region: string }>;
  readonly #byTarget = new Map<string, ClusterDetails[]>();
  readonly #byCluster = new Map<string, ClusterDetails>();
  readonly #problems = new Set<string>();
  readonly #onRefreshed?: (refs: AckOneClusterRef[]) => void;
  #loaded?: Promise<unknown>;
  #running?: Promise<AckOneClusterRefreshResult>;

  constructor(options: AckOneClusterSupplierOptions) {
    this.#ackOne = options.ackOne;
    this.#logger = options.logger;
    this.#config = options.config;
    this.#onRefreshed = options.onRefreshed;
    const accounts = options.ackOne.listAccounts();
    const wanted = options.config.accounts;
    if (wanted) {
      const known = new Set(accounts.map(a => a.id));
      const unknown = wanted.filter(a => !known.has(a));
      if (unknown.length) {
        throw new Error(
          `kubernetes.ackOne.accounts: ${unknown.join(
            ', ',
          )} not in ackOne.accounts`,
        );
      }
    }
    this.#targets = accounts
      .filter(a => !wanted || wanted.includes(a.id))
      .flatMap(a => a.regions.map(region => ({ account: a.id, region })));
  }

  async getClusters(): Promise<ClusterDetails[]> {
    await (this.#loaded ??= this.refresh());
    const seen = new Set<string>();
    const out: ClusterDetails[] = [];
    for (const t of this.#targets) {
      for (const c of this.#byTarget.get(key(t)) ?? []) {
        if (seen.has(c.name)) {
          this.#problem(
            `duplicate:${c.name}`,
            `two ACK One clusters are named "${c.name}"; only the first is supplied to Kubernetes`,
          );
          continue;
        }
        seen.add(c.name);
        out.push(c);
      }
    }
    return out;
  }

  /** Re-reads every account/region; concurrent calls share one run. Never throws. */
  refresh(): Promise<AckOneClusterRefreshResult> {
    if (!this.#running) {
      this.#running = this.#refresh().finally(() => {
        this.#running = undefined;
      });
    }
    return this.#running;
  }

  async #refresh(): Promise<AckOneClusterRefreshResult> {
    const result: AckOneClusterRefreshResult = {
      clusters: 0,
      succeeded: [],
      failed: [],
    };
    await Promise.all(
      this.#targets.map(async t => {
        const k = key(t);
        try {
          this.#byTarget.set(k, await this.#readTarget(t.account, t.region));
          this.#solved(
            `target:${k}`,
            `ACK One ${k} can be read again; its clusters are current`,
          );
          result.succeeded.push(k);
        } catch (e) {
          result.failed.push(k);
          this.#problem(
            `target:${k}`,
            `reading the clusters of ACK One ${k} failed, keeping the ${
              this.#byTarget.get(k)?.length ?? 0
            } last known: ${errorText(e)}`,
          );
        }
      }),
    );
    const refs: AckOneClusterRef[] = [];
    for (const t of this.#targets) {
      const details = this.#byTarget.get(key(t)) ?? [];
      result.clusters += details.length;
      for (const d of details) {
        const { ref } = fromAuthMetadata(d.authMetadata);
        if (ref) refs.push(ref);
      }
    }
    this.#onRefreshed?.(refs);
    return result;
  }

  async #readTarget(
    account: string,
    region: string,
  ): Promise<ClusterDetails[]> {
    const listed = await this.#ackOne.listClusters(account, region);
    const listedFleets = this.#config.includeFleets
      ? await this.#ackOne.listFleets(account, region)
      : [];
    this.#forgetKubeconfigsOfOthers(account, region, listed, listedFleets);
    const clusters = listed.filter(c => CONNECTABLE_STATES.has(c.state));
    const fleets = listedFleets.filter(f => f.state === 'running');
    const refs: Array<{ name: string; title: string; ref: AckOneClusterRef }> =
      [];
    for (const f of fleets) {
      const name = this.#nameOf(f.name, f.clusterId);
      if (name) {
        refs.push({
          name,
          title: f.name || f.clusterId,
          ref: { kind: 'fleet', account, region, clusterId: f.clusterId },
        });
      }
    }
    for (const c of clusters) {
      const name = this.#nameOf(c.name, c.clusterId);
      if (name) {
        refs.push({
          name,
          title: c.name || c.clusterId,
          ref: {
            kind: 'cluster',
            account,
            region,
            clusterId: c.clusterId,
            clusterType: c.clusterType || undefined,
          },
        });
      }
    }
    const details = await Promise.all(refs.map(r => this.#details(r)));
    return details.filter((d): d is ClusterDetails => !!d);
  }

  /**
   * The clusters (and Fleets, when read) that left this account/region's
   * inventory lose their cached kubeconfigs in the ACK One service.
   */
  #forgetKubeconfigsOfOthers(
    account: string,
    region: string,
    clusters: Array<{ clusterId: string }>,
    fleets: Array<{ clusterId: string }>,
  ) {
    const ref = (kind: 'cluster' | 'fleet', clusterId: string) => ({
      kind,
      account,
      region,
      clusterId,
    });
    this.#ackOne.retainKubeconfigs(
      [
        ...clusters.map(c => ref('cluster', c.clusterId)),
        ...fleets.map(f => ref('fleet', f.clusterId)),
      ],
      {
        account,
        region,
        ...(this.#config.includeFleets ? {} : { kind: 'cluster' as const }),
      },
    );
  }

  #nameOf(name: string, id: string): string | undefined {
    const n = entityNameFor(name, id);
    if (!n) {
      this.#problem(
        `name:${id}`,
        `ACK One cluster ${id}: neither its name nor its id is a valid cluster name; not supplied`,
      );
    }
    return n;
  }

  async #details(r: {
    name: string;
    title: string;
    ref: AckOneClusterRef;
  }): Promise<ClusterDetails | undefined> {
    const { ref } = r;
    const k = `${ref.account}/${ref.region}/${ref.clusterId}`;
    let kubeconfig: AckOneKubeconfig;
    try {
      kubeconfig = await getKubeconfigFor(this.#ackOne, ref);
    } catch (e) {
      const last = this.#byCluster.get(k);
      this.#problem(
        `kubeconfig:${k}`,
        `no kubeconfig for ACK One ${ref.kind} ${ref.clusterId} (${r.name}); ${
          last ? 'keeping its last known API server' : 'not supplied yet'
        }: ${errorText(e)}`,
      );
      return last;
    }
    this.#solved(
      `kubeconfig:${k}`,
      `the kubeconfig of ACK One ${ref.kind} ${ref.clusterId} (${r.name}) can be read again`,
    );
    const { server, caData } = kubeconfig.connection;
    const details: ClusterDetails = {
      name: r.name,
      title: r.title,
      url: server,
      authMetadata: toAuthMetadata(ref),
      ...(caData ? { caData } : {}),
      ...(this.#config.skipMetricsLookup ? { skipMetricsLookup: true } : {}),
    };
    this.#byCluster.set(k, details);
    return details;
  }

  #problem(id: string, message: string) {
    if (this.#problems.has(id)) return;
    this.#problems.add(id);
    this.#logger.warn(message);
  }

  #solved(id: string, message: string) {
    if (this.#problems.delete(id)) this.#logger.info(message);
  }
}

function key(t: { account: string; region: string }) {
  return `${t.account}/${t.region}`;
}
