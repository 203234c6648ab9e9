import type { CloudApi } from '../cloud/CloudApi';
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
    return { clusters };
  }
}
