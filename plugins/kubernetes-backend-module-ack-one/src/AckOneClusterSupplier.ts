import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ClusterDetails,
  KubernetesClustersSupplier,
} from '@backstage/plugin-kubernetes-node';
import {
  CoalescedRun,
  getKubeconfigFor,
  type AckOneClusterRef,
  type AckOneInventory,
  type AckOneInventorySnapshot,
  type AckOneKubeconfig,
  type AckOneService,
} from '@internal/plugin-ack-one-node';
import type { AckOneClusterSupplierConfig } from './config';
import { errorText, fromAuthMetadata, toAuthMetadata } from './clusterMetadata';

export interface AckOneClusterSupplierOptions {
  /** Kubeconfigs (API server and CA) of the clusters. */
  ackOne: AckOneService;
  /** Which clusters and Fleets there are. */
  inventory: AckOneInventory;
  logger: LoggerService;
  config: Pick<
    AckOneClusterSupplierConfig,
    'accounts' | 'includeFleets' | 'skipMetricsLookup'
  >;
  /** Told, after every update, which clusters are supplied now. */
  onRefreshed?: (refs: AckOneClusterRef[]) => void;
}

/** What one update did. */
export interface AckOneClusterRefreshResult {
  clusters: number;
  /** `account/region` read in the inventory's last read. */
  succeeded: string[];
  /** `account/region` that failed: their last known clusters were kept. */
  failed: string[];
}

/**
 * Supplies the connectable member clusters (IDC registered and ACK) and,
 * optionally, the Fleets of the configured ACK One accounts to the
 * Kubernetes backend, as the ACK One inventory lists them, named by its
 * naming rule (the catalog entity name).
 *
 * The list is rebuilt by `update()` (on every change of the inventory, and
 * scheduled by the module). An account/region the inventory could not read
 * keeps its last known clusters there, and a cluster whose kubeconfig cannot
 * be fetched keeps its last known address; each problem is logged once, when
 * it starts, and again when it ends. Cluster details carry the API server
 * and CA from the kubeconfig and the cluster's ids in `authMetadata`, never
 * a credential.
 */
export class AckOneClusterSupplier implements KubernetesClustersSupplier {
  readonly #ackOne: AckOneService;
  readonly #inventory: AckOneInventory;
  readonly #logger: LoggerService;
  readonly #config: AckOneClusterSupplierOptions['config'];
  readonly #targets: Array<{ account: string; region: string }>;
  readonly #byTarget = new Map<string, ClusterDetails[]>();
  readonly #byCluster = new Map<string, ClusterDetails>();
  readonly #problems = new Set<string>();
  readonly #onRefreshed?: (refs: AckOneClusterRef[]) => void;
  #loaded?: Promise<unknown>;
  readonly #runs = new CoalescedRun(() => this.#update());

  constructor(options: AckOneClusterSupplierOptions) {
    this.#ackOne = options.ackOne;
    this.#inventory = options.inventory;
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
    await (this.#loaded ??= this.update());
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

  /** Reads the inventory again, then rebuilds the list. Never throws. */
  async refresh(): Promise<AckOneClusterRefreshResult> {
    await this.#inventory.refresh();
    // a change has started an update with the new data already
    return this.#runs.pending() ?? this.update();
  }

  /**
   * Rebuilds the list from the inventory's current data. A call while one
   * runs waits for it and runs once more after it (shared by every caller
   * that comes meanwhile), so the newest data is always taken. Never throws.
   */
  update(): Promise<AckOneClusterRefreshResult> {
    return this.#runs.run();
  }

  async #update(): Promise<AckOneClusterRefreshResult> {
    const snapshot = await this.#inventory
      .ready()
      .then(() => this.#inventory.current());
    const result: AckOneClusterRefreshResult = {
      clusters: 0,
      succeeded: [],
      failed: [],
    };
    await Promise.all(
      this.#targets.map(async t => {
        const k = key(t);
        const status = snapshot.regions.find(
          r => r.account === t.account && r.region === t.region,
        );
        if (status?.readAt) {
          this.#byTarget.set(k, await this.#detailsOf(t, snapshot));
        }
        if (status?.error) {
          result.failed.push(k);
          this.#problem(
            `target:${k}`,
            `reading the clusters of ACK One ${k} failed, keeping the ${
              this.#byTarget.get(k)?.length ?? 0
            } last known: ${status.error}`,
          );
        } else {
          result.succeeded.push(k);
          this.#solved(
            `target:${k}`,
            `ACK One ${k} can be read again; its clusters are current`,
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

  /** The connectable clusters (and Fleets, when asked) of one account/region. */
  async #detailsOf(
    t: { account: string; region: string },
    snapshot: AckOneInventorySnapshot,
  ): Promise<ClusterDetails[]> {
    const here = (ref: AckOneClusterRef) =>
      ref.account === t.account && ref.region === t.region;
    const objects = [
      ...(this.#config.includeFleets ? snapshot.fleets : []),
      ...snapshot.clusters,
    ].filter(o => here(o.ref) && this.#inventory.isConnectable(o));
    const refs: Array<{ name: string; title: string; ref: AckOneClusterRef }> =
      [];
    for (const o of objects) {
      const name = this.#nameOf(o.entityName, o.clusterId);
      if (name) refs.push({ name, title: o.name || o.clusterId, ref: o.ref });
    }
    const details = await Promise.all(refs.map(r => this.#details(r)));
    return details.filter((d): d is ClusterDetails => !!d);
  }

  #nameOf(n: string | undefined, id: string): string | undefined {
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
