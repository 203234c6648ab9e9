import type { LoggerService } from '@backstage/backend-plugin-api';
import type { AckOneClusterRef } from '../clusterRef';
import type { AckOneGateway, AckOneService } from '../types';
import { buildTopology, RegionState } from './buildSnapshot';
import { errorMessage, FleetData, readRegion } from './readRegion';
import { entityNameOf, fleetsMatching, isConnectableCluster } from './rules';
import type {
  AckOneClusterStates,
  AckOneInventory,
  AckOneInventoryCluster,
  AckOneInventoryFleet,
  AckOneInventorySnapshot,
} from './types';

/**
 * Options of {@link DefaultAckOneInventory}.
 *
 * @public
 */
export interface DefaultAckOneInventoryOptions {
  ackOne: AckOneService;
  logger: LoggerService;
  /** How often everything is re-read (default 60 s). */
  refreshMs?: number;
  /** How long an id the inventory does not know is answered as unknown (default 60 s). */
  unknownTtlMs?: number;
  /**
   * Start the schedule at the first read of the data or subscription,
   * rather than at `start()` (default false).
   */
  startOnFirstUse?: boolean;
  /** Test seam: the time now in ms. */
  now?: () => number;
}

const EMPTY: AckOneInventorySnapshot = {
  version: 0,
  regions: [],
  fleets: [],
  clusters: [],
};

/**
 * The default {@link AckOneInventory}: reads every account/region of the
 * ACK One service on a schedule (a region that failed is read again after
 * 1 s, 2 s, 4 s, ... up to the interval), keeps the last good data of a
 * region that cannot be read, notifies subscribers of changes, and drops
 * the cached kubeconfigs of clusters that left.
 *
 * @public
 */
export class DefaultAckOneInventory implements AckOneInventory {
  readonly #ackOne: AckOneService;
  readonly #logger: LoggerService;
  readonly #refreshMs: number;
  readonly #unknownTtlMs: number;
  readonly #now: () => number;
  readonly #regions = new Map<string, RegionState>();
  readonly #listeners = new Set<(s: AckOneInventorySnapshot) => void>();
  readonly #unknown = new Map<string, number>();
  readonly #gatewayReads = new Map<string, Promise<AckOneGateway[]>>();
  #snapshot = EMPTY;
  #fingerprint = '';
  #reading?: Promise<AckOneInventorySnapshot>;
  #first?: Promise<AckOneInventorySnapshot>;
  #timer?: NodeJS.Timeout;
  #failedRounds = 0;
  #running = false;
  #startOnFirstUse: boolean;

  constructor(options: DefaultAckOneInventoryOptions) {
    this.#ackOne = options.ackOne;
    this.#logger = options.logger;
    this.#refreshMs = options.refreshMs ?? 60_000;
    this.#unknownTtlMs = options.unknownTtlMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#startOnFirstUse = options.startOnFirstUse ?? false;
    for (const a of this.#ackOne.listAccounts())
      for (const region of a.regions)
        this.#regions.set(`${a.id}/${region}`, {
          status: { account: a.id, region },
        });
  }

  /** Reads now and then on the schedule, until `stop()`. */
  start(): void {
    this.#startOnFirstUse = false;
    if (this.#running) return;
    this.#running = true;
    void this.#loop();
  }

  stop(): void {
    this.#startOnFirstUse = false;
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  async #loop(): Promise<void> {
    await this.refresh();
    if (!this.#running) return;
    const failed = this.#snapshot.regions.some(r => r.error);
    this.#failedRounds = failed ? this.#failedRounds + 1 : 0;
    const delay = this.#failedRounds
      ? Math.min(this.#refreshMs, 1000 * 2 ** (this.#failedRounds - 1))
      : this.#refreshMs;
    this.#timer = setTimeout(() => void this.#loop(), delay);
    this.#timer.unref?.();
  }

  #used() {
    if (this.#startOnFirstUse) this.start();
  }

  current(): AckOneInventorySnapshot {
    this.#used();
    return this.#snapshot;
  }

  ready(): Promise<AckOneInventorySnapshot> {
    this.#used();
    // the data now, once the first read is done
    return (this.#first ??= this.refresh()).then(() => this.#snapshot);
  }

  refresh(): Promise<AckOneInventorySnapshot> {
    this.#used();
    if (!this.#reading) {
      this.#reading = this.#read().finally(() => {
        this.#reading = undefined;
      });
      this.#first ??= this.#reading;
    }
    return this.#reading;
  }

  subscribe(listener: (s: AckOneInventorySnapshot) => void): () => void {
    this.#used();
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  isConnectable(cluster: AckOneClusterStates): boolean {
    return isConnectableCluster(cluster);
  }

  entityName(name: string, id: string): string | undefined {
    return entityNameOf(name, id);
  }

  matchFleets(idOrName: string): AckOneInventoryFleet[] {
    return fleetsMatching(this.current(), idOrName);
  }

  findCluster(clusterId: string): Promise<AckOneInventoryCluster | undefined> {
    return this.#find(clusterId, s =>
      s.clusters.find(c => c.clusterId === clusterId),
    );
  }

  async findFleet(idOrName: string): Promise<AckOneInventoryFleet | undefined> {
    const found = await this.#find(idOrName, s => {
      const matches = fleetsMatching(s, idOrName);
      return matches.length ? matches : undefined;
    });
    return found?.length === 1 ? found[0] : undefined;
  }

  async fleetGateways(
    fleetId: string,
    options?: { maxAgeMs?: number },
  ): Promise<AckOneGateway[]> {
    const fleet = (await this.ready()).fleets.find(
      f => f.clusterId === fleetId,
    );
    if (!fleet) {
      throw new Error(`Fleet ${fleetId} is not in the ACK One inventory`);
    }
    const readAt = fleet.gatewaysReadAt ? Date.parse(fleet.gatewaysReadAt) : 0;
    if (this.#now() - readAt < (options?.maxAgeMs ?? 0)) return fleet.gateways;
    let reading = this.#gatewayReads.get(fleetId);
    if (!reading) {
      reading = this.#readGateways(fleet.ref).finally(() =>
        this.#gatewayReads.delete(fleetId),
      );
      this.#gatewayReads.set(fleetId, reading);
    }
    return reading;
  }

  /** Reads a Fleet's gateways and keeps them with its data. */
  async #readGateways(ref: AckOneClusterRef): Promise<AckOneGateway[]> {
    const gateways = await this.#ackOne.listFleetGateways(
      ref.account,
      ref.region,
      ref.clusterId,
    );
    const state = this.#regions.get(`${ref.account}/${ref.region}`);
    const data = state?.data?.fleets.find(
      f => f.fleet.clusterId === ref.clusterId,
    );
    if (data) {
      data.gateways = gateways;
      data.gatewaysError = undefined;
      data.gatewaysReadAt = this.#now();
      this.#publish();
    }
    return gateways;
  }

  findRef(clusterId: string): Promise<AckOneClusterRef | undefined> {
    return this.#find(
      clusterId,
      s =>
        s.fleets.find(f => f.clusterId === clusterId)?.ref ??
        s.clusters.find(c => c.clusterId === clusterId)?.ref ??
        s.fleets.flatMap(f => f.members).find(m => m.clusterId === clusterId)
          ?.ref,
    );
  }

  /**
   * Looks `key` up in the data; when it is not there and not known to be
   * unknown, reads again once (shared), then remembers it as unknown.
   */
  async #find<T>(
    key: string,
    lookup: (s: AckOneInventorySnapshot) => T | undefined,
  ): Promise<T | undefined> {
    // a read in flight (or the first one) counts as the read for this key
    const reading = this.#reading ?? (this.#first ? undefined : this.ready());
    await (reading ?? this.#first);
    let found = lookup(this.#snapshot);
    if (found !== undefined) return found;
    if ((this.#unknown.get(key) ?? 0) > this.#now()) return undefined;
    if (!reading) found = lookup(await this.refresh());
    if (found === undefined)
      this.#unknown.set(key, this.#now() + this.#unknownTtlMs);
    return found;
  }

  async #read(): Promise<AckOneInventorySnapshot> {
    await Promise.all(
      [...this.#regions.values()].map(r => this.#readRegion(r)),
    );
    this.#publish();
    return this.#snapshot;
  }

  async #readRegion(state: RegionState): Promise<void> {
    const { account, region } = state.status;
    const previous = new Map<string, FleetData>(
      (state.data?.fleets ?? []).map(f => [f.fleet.clusterId, f]),
    );
    try {
      state.data = await readRegion(this.#ackOne, account, region, previous);
      if (state.status.error)
        this.#logger.info(`ACK One ${account}/${region} can be read again`);
      state.status = {
        account,
        region,
        readAt: new Date(this.#now()).toISOString(),
      };
      this.#retainKubeconfigs(state);
    } catch (e) {
      const error = errorMessage(e);
      if (state.status.error !== error)
        this.#logger.warn(
          `cannot read ACK One ${account}/${region}; keeping what was known: ${error}`,
        );
      state.status = { ...state.status, error };
    }
  }

  /** Cached kubeconfigs of clusters and Fleets that left this region are dropped. */
  #retainKubeconfigs(state: RegionState) {
    const { account, region } = state.status;
    const ref = (kind: 'cluster' | 'fleet', clusterId: string) => ({
      kind,
      account,
      region,
      clusterId,
    });
    const fleets = state.data?.fleets ?? [];
    this.#ackOne.retainKubeconfigs(
      [
        ...(state.data?.clusters ?? []).map(c => ref('cluster', c.clusterId)),
        ...fleets.map(f => ref('fleet', f.fleet.clusterId)),
        ...fleets.flatMap(f => f.members.map(m => ref('cluster', m.clusterId))),
      ],
      { account, region },
    );
  }

  /** Builds the new snapshot; on a change, tells every subscriber. */
  #publish() {
    const regions = [...this.#regions.values()];
    const topology = buildTopology(regions);
    // when things were read is not a change
    const fingerprint = JSON.stringify(
      [regions.map(r => r.status.error ?? ''), topology],
      (k, v) => (k === 'gatewaysReadAt' ? undefined : v),
    );
    const changed = fingerprint !== this.#fingerprint;
    this.#fingerprint = fingerprint;
    this.#snapshot = {
      version: this.#snapshot.version + (changed ? 1 : 0),
      regions: regions.map(r => ({ ...r.status })),
      ...topology,
    };
    if (!changed) return;
    for (const [id, until] of this.#unknown)
      if (until <= this.#now()) this.#unknown.delete(id);
    for (const listener of this.#listeners) {
      try {
        listener(this.#snapshot);
      } catch (e) {
        this.#logger.warn(
          `an ACK One inventory subscriber failed: ${errorMessage(e)}`,
        );
      }
    }
  }
}
