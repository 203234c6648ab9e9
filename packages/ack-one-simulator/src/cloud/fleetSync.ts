import type { CloudLogger, MemberStatus } from './context';
import { rfc3339 } from './ids';
import type { CloudState, KubeBridge, SimCluster, SimFleet } from './model';

/**
 * The association of clusters with Fleets: their DescribeManagedClusters
 * state, and the bridge syncs that carry a Fleet's members to its Argo CD
 * (serialised per Fleet).
 */
export class FleetMembers {
  private readonly statuses = new Map<string, MemberStatus>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly state: CloudState,
    private readonly bridge: KubeBridge,
    private readonly logger: CloudLogger,
    private readonly isClosed: () => boolean,
  ) {}

  status(fleetId: string, clusterId: string): MemberStatus {
    return this.statuses.get(`${fleetId}/${clusterId}`) ?? 'Successed';
  }

  sync(fleet: SimFleet) {
    if (this.isClosed()) {
      return;
    }
    const fleetId = fleet.clusterId;
    for (const key of [...this.statuses.keys()]) {
      if (
        key.startsWith(`${fleetId}/`) &&
        !fleet.members.includes(key.slice(fleetId.length + 1))
      ) {
        this.statuses.delete(key);
      }
    }
    for (const m of fleet.members) {
      if (this.statuses.get(`${fleetId}/${m}`) !== 'Successed') {
        this.statuses.set(`${fleetId}/${m}`, 'Installing');
      }
    }
    const run = () => this.run(fleetId);
    const chain = (this.chains.get(fleetId) ?? Promise.resolve()).then(
      run,
      run,
    );
    this.chains.set(fleetId, chain);
  }

  /** Removes a CS cluster from every Fleet it belongs to. */
  detachEverywhere(cluster: SimCluster) {
    for (const fleet of this.state.fleets) {
      if (fleet.members.includes(cluster.clusterId)) {
        fleet.members = fleet.members.filter(m => m !== cluster.clusterId);
        fleet.updated = rfc3339();
        this.sync(fleet);
      }
    }
  }

  private async run(fleetId: string) {
    const current = this.state.fleets.find(f => f.clusterId === fleetId);
    if (!current || this.isClosed()) {
      return;
    }
    const members = current.members.flatMap(id => {
      const c = this.state.clusters.find(x => x.clusterId === id);
      return c ? [c] : [];
    });
    let outcome: MemberStatus = 'Successed';
    try {
      await this.bridge.syncFleetMembers(current, members);
    } catch (err) {
      this.logger.warn(
        `cloud api: syncing members of fleet ${fleetId} failed: ${err}`,
      );
      outcome = 'Failed';
    }
    for (const m of members) {
      const key = `${fleetId}/${m.clusterId}`;
      if (this.statuses.get(key) === 'Installing') {
        this.statuses.set(key, outcome);
      }
    }
  }
}
