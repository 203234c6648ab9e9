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
  AckOneApplicationSet,
  AckOneCluster,
  AckOneFleetDetails,
  AckOneGateway,
  AckOneService,
  listFleetApplicationSets,
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

/** States in which a cluster hands out a kubeconfig. */
const CONNECTABLE_STATES = new Set([
  'running',
  'updating',
  'upgrading',
  'scaling',
]);

interface RegionData {
  region: string;
  fleets: AckOneFleetDetails[];
  /** member cluster id -> fleet id */
  members: Map<string, string>;
  /** fleet id -> member cluster ids */
  fleetMembers: Map<string, string[]>;
  clusters: AckOneCluster[];
}

/** What one refresh did. */
export interface AckOneRefreshResult {
  entities: number;
  /** Regions read now. */
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
 * Emits the Fleets, member clusters (IDC registered and ACK) and
 * multi-cluster gateways of one ACK One account as Resource entities, and
 * the Argo CD ApplicationSets of each Fleet that name a Backstage owner as
 * Component entities (services with their DR policy).
 *
 * Every refresh applies a full mutation, so deleted clusters disappear. A
 * region whose cloud calls fail keeps the entities of its last successful
 * read in that full mutation, so one failing region (or account: each
 * account has its own provider) never removes the entities of the others.
 * Likewise a Fleet whose Kubernetes API cannot be read keeps its last known
 * gateways, and a cluster whose kubeconfig cannot be fetched keeps its last
 * known API server address.
 */
export class AckOneEntityProvider implements EntityProvider {
  readonly #config: AckOneProviderConfig;
  readonly #regions: string[];
  readonly #ackOne: AckOneService;
  readonly #logger: LoggerService;
  readonly #taskRunner: SchedulerServiceTaskRunner;
  #connection?: EntityProviderConnection;
  readonly #lastGood = new Map<string, Entity[]>();
  readonly #endpoints = new Map<string, PublicClusterEndpoint>();
  readonly #gateways = new Map<string, AckOneGateway[]>();
  readonly #appSets = new Map<string, AckOneApplicationSet[]>();

  static fromConfig(
    config: Config,
    deps: {
      logger: LoggerService;
      scheduler: SchedulerService;
      ackOne: AckOneService;
    },
  ): AckOneEntityProvider[] {
    const accounts = new Map(deps.ackOne.listAccounts().map(a => [a.id, a]));
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
        deps.ackOne,
        deps.logger,
        deps.scheduler.createScheduledTaskRunner(pc.schedule),
      );
    });
  }

  constructor(
    config: AckOneProviderConfig,
    regions: string[],
    ackOne: AckOneService,
    logger: LoggerService,
    taskRunner: SchedulerServiceTaskRunner,
  ) {
    this.#config = config;
    this.#regions = regions;
    this.#ackOne = ackOne;
    this.#taskRunner = taskRunner;
    this.#logger = logger.child({ target: this.getProviderName() });
  }

  getProviderName(): string {
    return `AckOneEntityProvider:${this.#config.id}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    await this.#taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: async () => {
        await this.refresh();
      },
    });
  }

  async refresh(): Promise<AckOneRefreshResult> {
    if (!this.#connection) {
      throw new Error(`${this.getProviderName()} is not connected`);
    }
    const account = this.#config.account;
    const result: AckOneRefreshResult = {
      entities: 0,
      succeeded: [],
      failed: [],
      skipped: [],
    };

    // 1. read every region; a failing region is noted, not fatal
    const data: RegionData[] = [];
    for (const region of this.#regions) {
      try {
        data.push(await this.#readRegion(account, region));
      } catch (e) {
        result.failed.push(region);
        this.#logger.warn(
          `reading ACK One ${account}/${region} failed, keeping its last known entities (${
            this.#lastGood.get(region)?.length ?? 0
          }): ${errorText(e)}`,
        );
      }
    }

    // 2. build entities of the regions read now
    const allMembers = new Map<string, string>();
    const fleetNames = new Map<string, string>();
    for (const d of data) {
      for (const [c, f] of d.members) allMembers.set(c, f);
    }
    for (const d of data) {
      for (const f of d.fleets) {
        try {
          fleetNames.set(f.clusterId, entityNameFor(f.name, f.clusterId));
        } catch (e) {
          result.skipped.push({ id: f.clusterId, reason: errorText(e) });
        }
      }
    }
    for (const d of data) {
      this.#lastGood.set(
        d.region,
        await this.#buildRegion(d, allMembers, fleetNames, result),
      );
      result.succeeded.push(d.region);
    }

    // 3. one full mutation over every region (fresh or last good)
    const byRef = new Map<string, Entity>();
    for (const region of this.#regions) {
      for (const entity of this.#lastGood.get(region) ?? []) {
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
    await this.#connection.applyMutation({
      type: 'full',
      entities: [...byRef.values()].map(entity => ({
        entity,
        locationKey: this.getProviderName(),
      })),
    });
    result.entities = byRef.size;
    this.#logger.info(
      `ACK One ${account}: ${result.entities} entities; regions read ${
        result.succeeded.join(', ') || 'none'
      }${result.failed.length ? `; failed ${result.failed.join(', ')}` : ''}`,
    );
    return result;
  }

  async #readRegion(account: string, region: string): Promise<RegionData> {
    const listed = await this.#ackOne.listFleets(account, region);
    const fleets = await Promise.all(
      listed.map(f => this.#ackOne.getFleet(account, region, f.clusterId)),
    );
    const members = new Map<string, string>();
    const fleetMembers = new Map<string, string[]>();
    for (const f of fleets) {
      const ms = await this.#ackOne.listManagedClusters(
        account,
        region,
        f.clusterId,
      );
      const ids = ms
        .filter(
          m => m.memberState !== 'Deleting' && m.memberState !== 'Deleted',
        )
        .map(m => m.clusterId);
      fleetMembers.set(f.clusterId, ids);
      for (const id of ids) members.set(id, f.clusterId);
    }
    const clusters = await this.#ackOne.listClusters(account, region);
    return { region, fleets, members, fleetMembers, clusters };
  }

  async #endpointOf(
    cluster: AckOneCluster,
  ): Promise<PublicClusterEndpoint | undefined> {
    if (CONNECTABLE_STATES.has(cluster.state)) {
      try {
        const kc = await this.#ackOne.getClusterKubeconfig(
          cluster.account,
          cluster.regionId,
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
    members: Map<string, string>,
    fleetNames: Map<string, string>,
    result: AckOneRefreshResult,
  ): Promise<Entity[]> {
    const defaults = { owner: this.#config.owner, system: this.#config.system };
    const entities: Entity[] = [];
    const tryBuild = (id: string, build: () => Entity) => {
      try {
        entities.push(build());
      } catch (e) {
        if (!(e instanceof IncompleteEntityError)) throw e;
        result.skipped.push({ id, reason: e.message });
      }
    };

    for (const f of d.fleets) {
      const name = fleetNames.get(f.clusterId);
      if (name) tryBuild(f.clusterId, () => fleetEntity(f, name, defaults));
    }

    // API server addresses and CAs come from one kubeconfig per cluster:
    // fetched a few at a time rather than one after another.
    const live = d.clusters.filter(
      c => c.state !== 'deleted' && c.state !== 'deleting',
    );
    const endpoints = new Map(
      await mapWithConcurrency(live, KUBECONFIG_CONCURRENCY, async c => {
        const endpoint = await this.#endpointOf(c);
        return [c.clusterId, endpoint] as const;
      }),
    );

    const clusterNames = new Map<string, string>();
    for (const c of live) {
      let name: string;
      try {
        name = entityNameFor(c.name, c.clusterId);
      } catch (e) {
        result.skipped.push({ id: c.clusterId, reason: errorText(e) });
        continue;
      }
      clusterNames.set(c.clusterId, name);
      const fleetId = members.get(c.clusterId);
      const fleetName = fleetId ? fleetNames.get(fleetId) : undefined;
      const endpoint = endpoints.get(c.clusterId);
      if (!endpoint) {
        this.#logger.info(
          `cluster ${c.clusterId} (${c.state}) has no known API server yet; emitted without Kubernetes annotations`,
        );
      }
      tryBuild(c.clusterId, () =>
        clusterEntity(c, name, {
          defaults,
          fleet:
            fleetId && fleetName
              ? { id: fleetId, entityName: fleetName }
              : undefined,
          endpoint,
        }),
      );
    }

    for (const f of d.fleets) {
      const fleetName = fleetNames.get(f.clusterId);
      if (!fleetName || f.state !== 'running') continue;
      let gateways: AckOneGateway[];
      try {
        gateways = await this.#ackOne.listFleetGateways(
          this.#config.account,
          d.region,
          f.clusterId,
        );
        this.#gateways.set(f.clusterId, gateways);
      } catch (e) {
        gateways = this.#gateways.get(f.clusterId) ?? [];
        this.#logger.warn(
          `cannot read the gateways of Fleet ${f.clusterId}, keeping the ${
            gateways.length
          } last known: ${errorText(e)}`,
        );
      }
      for (const g of gateways) {
        const ids = g.clusterIds.length
          ? g.clusterIds
          : d.fleetMembers.get(f.clusterId) ?? [];
        tryBuild(`${f.clusterId}/${g.kind}/${g.name}`, () =>
          gatewayEntity(g, entityNameFor(g.name, `${g.name}`), {
            defaults,
            fleetEntityName: fleetName,
            clusterEntityNames: ids
              .map(id => clusterNames.get(id))
              .filter((n): n is string => !!n),
          }),
        );
      }
      for (const a of await this.#applicationSetsOf(d.region, f)) {
        if (!isCatalogApplicationSet(a)) continue;
        tryBuild(`${f.clusterId}/ApplicationSet/${a.name}`, () =>
          componentEntity(a, {
            account: this.#config.account,
            region: d.region,
            fleetEntityName: fleetName,
          }),
        );
      }
    }
    return entities;
  }

  /** The ApplicationSets of a Fleet; its last known ones when they cannot be read. */
  async #applicationSetsOf(
    region: string,
    fleet: AckOneFleetDetails,
  ): Promise<AckOneApplicationSet[]> {
    if (fleet.gitOpsEnabled === false) return [];
    try {
      const appSets = await listFleetApplicationSets(
        this.#ackOne,
        this.#config.account,
        region,
        fleet.clusterId,
      );
      this.#appSets.set(fleet.clusterId, appSets);
      return appSets;
    } catch (e) {
      const last = this.#appSets.get(fleet.clusterId) ?? [];
      this.#logger.warn(
        `cannot read the ApplicationSets of Fleet ${
          fleet.clusterId
        }, keeping the ${last.length} last known: ${errorText(e)}`,
      );
      return last;
    }
  }
}

/** Maps items with at most `limit` calls of `fn` in flight, keeping order. */
export async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
