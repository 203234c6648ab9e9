import type { CloudApi } from '../cloud/CloudApi';
import {
  FAILABLE_KINDS,
  isResourceKind,
  RESOURCE_KINDS,
  ResourceKind,
} from '../cloud/timing';
import type { OfflineMode } from '../kube/KubeServer';
import type { World } from '../world/World';

/**
 * Fault injection over a running world. Clusters are named by server name
 * (`idc`, `ack`, `fleet`), CS cluster id or cluster name.
 */
export class Faults {
  constructor(
    private readonly world: World,
    private readonly cloud: CloudApi,
    private readonly onChange: () => void = () => {},
  ) {}

  private server(cluster: string) {
    const name = this.world.serverNameFor(cluster);
    if (!name) throw new Error(`unknown cluster "${cluster}"`);
    return this.world.server(name);
  }

  /** Takes a cluster's API server offline: `refuse` (connection refused, default) or `503`. */
  async apiServerOffline(cluster: string, mode: OfflineMode = 'refuse') {
    await this.server(cluster).setOffline(mode);
    this.onChange();
  }

  async apiServerOnline(cluster: string) {
    await this.server(cluster).setOnline();
    this.onChange();
  }

  apiServerLatency(cluster: string, ms: number) {
    this.server(cluster).setLatency(ms);
  }

  /** Makes a cluster's pods unready (optionally one namespace), or ready again. */
  podsReady(cluster: string, ready: boolean, namespace?: string) {
    this.server(cluster).controllers.setPodsReady(ready, namespace);
  }

  /** Scales a Deployment (or StatefulSet) in a cluster. */
  scale(
    cluster: string,
    namespace: string,
    name: string,
    replicas: number,
    kind: 'Deployment' | 'StatefulSet' = 'Deployment',
  ) {
    const api = this.server(cluster).api;
    const t = api.typeFor('apps/v1', kind);
    const existing = api.get(t, namespace, name);
    return api.writeScale(t, existing, { spec: { replicas } });
  }

  cloudFail(
    n: number,
    opts?: { status?: number; code?: string; message?: string },
  ) {
    this.cloud.faults.failNext(n, opts);
  }

  cloudThrottle(n: number) {
    this.cloud.faults.throttleNext(n);
  }

  cloudLatency(ms: number) {
    this.cloud.faults.setLatency(ms);
  }

  /** The next `count` creations of a kind (cluster, fleet, vbr, bgp-peer, cen, …) end failed. */
  cloudFailCreation(kind: string, opts?: { message?: string; count?: number }) {
    if (!isResourceKind(kind) || !FAILABLE_KINDS.includes(kind))
      throw new Error(
        `unknown kind "${kind}": use one of ${FAILABLE_KINDS.join(', ')}`,
      );
    this.cloud.faults.failNextCreation(kind, opts);
  }

  /** Transitions of a kind take `seconds` from now on; null restores the timing profile. */
  cloudProvisioningTime(kind: string, seconds: number | null) {
    if (!isResourceKind(kind))
      throw new Error(
        `unknown kind "${kind}": use one of ${RESOURCE_KINDS.join(', ')}`,
      );
    this.cloud.faults.setProvisioningTime(
      kind as ResourceKind,
      seconds === null ? undefined : Math.round(seconds * 1000),
    );
  }

  /** Resets the Established BGP sessions of a peer, group or VBR (all when omitted). */
  bgpFlap(target?: string, downSeconds?: number): string[] {
    const flapped = this.cloud.faults.flapBgp(target, {
      downMs: downSeconds === undefined ? undefined : downSeconds * 1000,
    });
    if (!flapped.length)
      throw new Error(
        target
          ? `no Established BGP session matches "${target}" (give a BGP peer, group or VBR id)`
          : 'no BGP session is Established',
      );
    return flapped;
  }

  /** Clears every fault: servers online without latency, pods ready, cloud faults reset. */
  async reset() {
    this.cloud.faults.reset();
    for (const e of this.world.servers.values()) {
      const s = e.server.faultState();
      if (s.offline) await e.server.setOnline();
      e.server.setLatency(0);
      if (s.podsUnready) e.server.controllers.setPodsReady(true);
      else e.server.controllers.setPodsReady(true);
    }
    this.onChange();
  }

  state() {
    const clusters: Record<string, unknown> = {};
    for (const e of this.world.servers.values())
      clusters[e.name] = {
        kind: e.kind,
        clusterId: this.world.clusterIdFor(e.name),
        url: e.server.url,
        ...e.server.faultState(),
      };
    return { clusters, cloud: this.cloud.faults.pending() };
  }
}
