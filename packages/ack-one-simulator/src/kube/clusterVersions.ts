import type { KubeServer } from './KubeServer';

/** The Kubernetes version of an ACK One Fleet's control plane. */
export const FLEET_KUBERNETES_VERSION = '1.32.1-aliyun.1';

/** What version binding reads from a world: its cloud model and its servers. */
export interface VersionedWorld {
  cloud: {
    clusters: Array<{ kubeServer?: string; currentVersion?: string }>;
    fleets: Array<{ kubeServer?: string; currentVersion?: string }>;
  };
  onServer(
    fn: (
      entry: { name: string; server: KubeServer },
      event: 'added' | 'removed',
    ) => void,
  ): () => void;
}

/**
 * The version the cloud model gives the cluster behind a server: the CS
 * cluster's `current_version`, or the Fleet's version; undefined when the
 * model names none (e.g. a registered cluster whose agent has not
 * connected yet).
 */
export function modelVersion(
  world: VersionedWorld,
  serverName: string,
): string | undefined {
  const c = world.cloud.clusters.find(x => x.kubeServer === serverName);
  if (c?.currentVersion) return c.currentVersion.replace(/^v/, '');
  const f = world.cloud.fleets.find(x => x.kubeServer === serverName);
  if (f) return (f.currentVersion ?? FLEET_KUBERNETES_VERSION).replace(/^v/, '');
  return undefined;
}

/**
 * Makes every API server of the world report the version of its cluster in
 * the cloud model: `/version` (gitVersion `v<version>`) and the kubelet
 * version of its nodes follow the model, so CS, the API server and the
 * nodes agree. Returns a function that stops following.
 */
export function bindClusterVersions(world: VersionedWorld): () => void {
  const bound = new Set<KubeServer>();
  const off = world.onServer((entry, event) => {
    if (event === 'removed') {
      entry.server.setVersionSource(undefined);
      bound.delete(entry.server);
      return;
    }
    entry.server.setVersionSource(() => modelVersion(world, entry.name));
    bound.add(entry.server);
  });
  return () => {
    off();
    for (const s of bound) s.setVersionSource(undefined);
    bound.clear();
  };
}
