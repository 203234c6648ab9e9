import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  AckOneInventory,
  CoalescedRun,
  DefaultAckOneInventory,
  AckOneInventoryCluster,
  AckOneInventoryFleet,
  AckOneInventorySnapshot,
  AckOneService,
  mapWithConcurrency,
} from '@internal/plugin-ack-one-node';
import { componentEntity, isCatalogApplicationSet } from './components';
import { AckOneProviderConfig, readProviderConfigs } from './config';
import {
  clusterEntity,
  entityNameFor,
  fleetEntity,
  gatewayEntity,
  IncompleteEntityError,
  PublicClusterEndpoint,
} from './entities';

/** Kubeconfig calls in flight at once during a refresh. */
const KUBECONFIG_CONCURRENCY = 8;

/** One region's Fleets and clusters, from the inventory. */
interface RegionData {
  region: string;
  fleets: AckOneInventoryFleet[];
  clusters: AckOneInventoryCluster[];
}

/**
 * What one refresh did.
 *
 * @public
 */
export interface AckOneRefreshResult {
  entities: number;
  /** Regions read in the inventory's last read. */
  succeeded: string[];
  /** Regions that failed: their last good entities were kept. */
  failed: string[];
  /** Entities left out, with the reason. */
  skipped: Array<{ id: string; reason: string }>;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * The dependencies of the providers.
 *
 * @public
 */
export interface AckOneEntityProviderDeps {
  logger: LoggerService;
  scheduler: SchedulerService;
  /** Kubeconfigs (API server and CA) of the clusters. */
  ackOne: AckOneService;
  /**
   * Which Fleets, clusters, gateways and ApplicationSets there are: in a
   * backend, `ackOneInventoryServiceRef`. Default: an inventory of the
   * providers' own over `ackOne` (scripts and benchmarks outside a backend).
   */
  inventory?: AckOneInventory;
}

/**
 * Emits the Fleets, member clusters (IDC registered and ACK) and
 * multi-cluster gateways of one ACK One account, as the ACK One inventory
 * holds them, as Resource entities, and the Argo CD ApplicationSets of each
 * Fleet that name a Backstage owner as Component entities (services with
 * their DR policy).
 *
 * Every run applies a full mutation, so deleted clusters disappear; a run
 * follows every change of the inventory, and the schedule runs it again
 * (kubeconfigs that failed are fetched again). A region the inventory could
 * not read keeps the entities of its last good read (the inventory keeps
 * its data), so one failing region (or account: each account has its own
 * provider) never removes the entities of the others. Likewise a Fleet
 * whose Kubernetes API cannot be read keeps its last known gateways, and a
 * cluster whose kubeconfig cannot be fetched keeps its last known API
 * server address.
 *
 * @public
 */
export class AckOneEntityProvider implements EntityProvider {
  readonly #config: AckOneProviderConfig;
  readonly #regions: string[];
  readonly #ackOne: AckOneService;
  readonly #inventory: AckOneInventory;
  readonly #logger: LoggerService;
  readonly #taskRunner: SchedulerServiceTaskRunner;
  #connection?: EntityProviderConnection;
  readonly #runs = new CoalescedRun(() => this.#apply());
  readonly #endpoints = new Map<string, PublicClusterEndpoint>();

  static fromConfig(
    config: Config,
    deps: AckOneEntityProviderDeps,
  ): AckOneEntityProvider[] {
    const accounts = new Map(deps.ackOne.listAccounts().map(a => [a.id, a]));
    const inventory =
      deps.inventory ??
      new DefaultAckOneInventory({ ackOne: deps.ackOne, logger: deps.logger });
    return readProviderConfigs(config).map(pc => {
      const account = accounts.get(pc.account);
      if (!account) {
        throw new Error(
          `catalog.providers.ackOne.${pc.id}: account "${pc.account}" is not in ackOne.accounts`,
        );
      }
      const unknown = (pc.regions ?? []).filter(
        r => !account.regions.includes(r),
      );
      if (unknown.length) {
        throw new Error(
          `catalog.providers.ackOne.${pc.id}: regions ${unknown.join(
            ', ',
          )} are not configured for account "${pc.account}"`,
        );
      }
      return new AckOneEntityProvider(
        pc,
        pc.regions ?? account.regions,
        { ...deps, inventory },
        deps.scheduler.createScheduledTaskRunner(pc.schedule),
      );
    });
  }

  constructor(
    config: AckOneProviderConfig,
    regions: string[],
    deps: {
      ackOne: AckOneService;
      inventory: AckOneInventory;
      logger: LoggerService;
    },
    taskRunner: SchedulerServiceTaskRunner,
  ) {
    this.#config = config;
    this.#regions = regions;
    this.#ackOne = deps.ackOne;
    this.#inventory = deps.inventory;
    this.#taskRunner = taskRunner;
    this.#logger = deps.logger.child({ target: this.getProviderName() });
  }

  getProviderName(): string {
    return `AckOneEntityProvider:${this.#config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    this.#inventory.subscribe(() => {
      this.update().catch(e =>
        this.#logger.warn(`applying ACK One entities failed: ${errorText(e)}`),
      );
    });
    await this.#taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.update();
      },
    });
  }

  /** Reads the inventory again, then applies its entities. */
  async refresh(): Promise<AckOneRefreshResult> {
    await this.#inventory.refresh();
    // a change has started a run with the new data already
    return this.#runs.pending() ?? this.update();
  }

  /**
   * Applies the entities of the inventory's current data. A call while one
   * runs waits for it and runs once more after it (shared by every caller
   * that comes meanwhile), so the newest data is always applied.
   */
  update(): Promise<AckOneRefreshResult> {
    if (!this.#connection) {
      return Promise.reject(
        new Error(`${this.getProviderName()} is not connected`),
      );
    }
    return this.#runs.run();
  }

  async #apply(): Promise<AckOneRefreshResult> {
    await this.#inventory.ready();
    const snapshot = this.#inventory.current();
    const result: AckOneRefreshResult = {
      entities: 0,
      succeeded: [],
      failed: [],
      skipped: [],
    };
    const byRef = new Map<string, Entity>();
    for (const region of this.#regions) {
      const entities = await this.#buildRegion(
        this.#regionData(snapshot, region),
        snapshot,
        result,
      );
      this.#noteRegion(snapshot, region, entities.length, result);
      for (const entity of entities) {
        const ref = stringifyEntityRef(entity);
        if (byRef.has(ref)) {
          result.skipped.push({
            id: entity.metadata.annotations?.['ack-one/cluster-id'] ?? ref,
            reason: `duplicate entity ${ref}`,
          });
          continue;
        }
        byRef.set(ref, entity);
      }
    }
    for (const s of result.skipped) {
      this.#logger.warn(`skipped ACK One object ${s.id}: ${s.reason}`);
    }
    await this.#connection!.applyMutation({
      type: 'full',
      entities: [...byRef.values()].map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    result.entities = byRef.size;
    this.#logger.info(
      `ACK One ${this.#config.account}: ${
        result.entities
      } entities; regions read ${result.succeeded.join(', ') || 'none'}${
        result.failed.length ? `; failed ${result.failed.join(', ')}` : ''
      }`,
    );
    return result;
  }

  #regionData(snapshot: AckOneInventorySnapshot, region: string): RegionData {
    const here = (o: { ref: { account: string; region: string } }) =>
      o.ref.account === this.#config.account && o.ref.region === region;
    return {
      region,
      fleets: snapshot.fleets.filter(here),
      clusters: snapshot.clusters.filter(here),
    };
  }

  #noteRegion(
    snapshot: AckOneInventorySnapshot,
    region: string,
    entities: number,
    result: AckOneRefreshResult,
  ) {
    const status = snapshot.regions.find(
      r => r.account === this.#config.account && r.region === region,
    );
    if (!status?.error) {
      result.succeeded.push(region);
      return;
    }
    result.failed.push(region);
    this.#logger.warn(
      `reading ACK One ${
        this.#config.account
      }/${region} failed, keeping its last known entities (${entities}): ${
        status.error
      }`,
    );
  }

  async #endpointOf(
    cluster: AckOneInventoryCluster,
  ): Promise<PublicClusterEndpoint | undefined> {
    if (cluster.connectable) {
      try {
        const kc = await this.#ackOne.getClusterKubeconfig(
          cluster.ref.account,
          cluster.ref.region,
          cluster,
        );
        const { server, caData } = kc.connection;
        if (server && caData) {
          this.#endpoints.set(cluster.clusterId, { server, caData });
        } else {
          this.#logger.warn(
            `the kubeconfig of cluster ${cluster.clusterId} has no CA certificate; no Kubernetes annotations`,
          );
          this.#endpoints.delete(cluster.clusterId);
        }
      } catch (e) {
        this.#logger.warn(
          `no kubeconfig for cluster ${cluster.clusterId} (${
            cluster.state
          }), using its last known API server: ${errorText(e)}`,
        );
      }
    }
    return this.#endpoints.get(cluster.clusterId);
  }

  async #buildRegion(
    d: RegionData,
    snapshot: AckOneInventorySnapshot,
    result: AckOneRefreshResult,
  ): Promise<Entity[]> {
    const entities: Entity[] = [];
    const tryBuild = (id: string, build: () => Entity) => {
      try {
        entities.push(build());
      } catch (e) {
        if (!(e instanceof IncompleteEntityError)) throw e;
        result.skipped.push({ id, reason: e.message });
      }
    };
    const defaults = { owner: this.#config.owner, system: this.#config.system };
    for (const f of d.fleets) {
      tryBuild(f.clusterId, () => fleetEntity(f, nameOf(f), defaults));
    }
    await this.#buildClusters(d, snapshot, defaults, tryBuild);
    for (const f of d.fleets) {
      if (!f.entityName || f.state !== 'running') continue;
      this.#buildFleetObjects(f, d.region, snapshot, defaults, tryBuild);
    }
    return entities;
  }

  async #buildClusters(
    d: RegionData,
    snapshot: AckOneInventorySnapshot,
    defaults: { owner: string; system?: string },
    tryBuild: (id: string, build: () => Entity) => void,
  ) {
    // API server addresses and CAs come from one kubeconfig per cluster:
    // fetched a few at a time rather than one after another.
    const live = d.clusters.filter(
      c => c.state !== 'deleted' && c.state !== 'deleting',
    );
    const endpoints = await mapWithConcurrency(
      live,
      KUBECONFIG_CONCURRENCY,
      c => this.#endpointOf(c),
    );
    live.forEach((c, i) => {
      const fleet = snapshot.fleets.find(
        f => f.account === c.account && c.fleetIds.includes(f.clusterId),
      );
      const endpoint = endpoints[i];
      if (!endpoint && c.entityName) {
        this.#logger.info(
          `cluster ${c.clusterId} (${c.state}) has no known API server yet; emitted without Kubernetes annotations`,
        );
      }
      tryBuild(c.clusterId, () =>
        clusterEntity(c, nameOf(c), {
          defaults,
          fleet: fleet?.entityName
            ? { id: fleet.clusterId, entityName: fleet.entityName }
            : undefined,
          endpoint,
        }),
      );
    });
  }

  /** The gateways and services (ApplicationSets) of a running Fleet. */
  #buildFleetObjects(
    f: AckOneInventoryFleet,
    region: string,
    snapshot: AckOneInventorySnapshot,
    defaults: { owner: string; system?: string },
    tryBuild: (id: string, build: () => Entity) => void,
  ) {
    const fleetName = f.entityName!;
    if (f.gatewaysError) {
      this.#logger.warn(
        `cannot read the gateways of Fleet ${f.clusterId}, keeping the ${f.gateways.length} last known: ${f.gatewaysError}`,
      );
    }
    if (f.applicationSetsError) {
      this.#logger.warn(
        `cannot read the ApplicationSets of Fleet ${f.clusterId}, keeping the ${f.applicationSets.length} last known: ${f.applicationSetsError}`,
      );
    }
    const clusterName = (id: string) =>
      snapshot.clusters.find(
        c =>
          c.clusterId === id && c.state !== 'deleted' && c.state !== 'deleting',
      )?.entityName;
    for (const g of f.gateways) {
      const ids = g.clusterIds.length
        ? g.clusterIds
        : f.members.map(m => m.clusterId);
      tryBuild(`${f.clusterId}/${g.kind}/${g.name}`, () =>
        gatewayEntity(g, entityNameFor(g.name, `${g.name}`), {
          defaults,
          fleetEntityName: fleetName,
          clusterEntityNames: ids
            .map(clusterName)
            .filter((n): n is string => !!n),
        }),
      );
    }
    for (const a of f.applicationSets) {
      if (!isCatalogApplicationSet(a)) continue;
      tryBuild(`${f.clusterId}/ApplicationSet/${a.name}`, () =>
        componentEntity(a, {
          account: this.#config.account,
          region,
          fleetEntityName: fleetName,
        }),
      );
    }
  }
}

/** The entity name the inventory's naming rule gave an object. */
function nameOf(o: { clusterId: string; entityName?: string }): string {
  if (o.entityName) return o.entityName;
  throw new IncompleteEntityError(
    `neither the name nor the id (${o.clusterId}) is a valid entity name`,
  );
}
