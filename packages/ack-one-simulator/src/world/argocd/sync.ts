import { createHash } from 'node:crypto';
import type { KubeServer } from '../../kube/KubeServer';
import { HASH_ANNOTATION, INSTANCE_LABEL } from '../render';
import type { World } from '../World';
import { clusterSecrets } from './generators';

export const IN_CLUSTER = 'https://kubernetes.default.svc';
/** The field manager Argo CD's application controller writes as. */
export const ARGOCD_MANAGER = 'argocd-controller';

/** Where an Application last deployed to, and what. */
export interface LastDestination {
  server: string;
  ns: string;
  names: Array<[string, string]>;
}

export function hash(v: unknown) {
  return createHash('sha256')
    .update(JSON.stringify(v))
    .digest('hex')
    .slice(0, 16);
}

/** The API server an Application's destination names, if any. */
export function resolveDestination(
  world: World,
  fleet: KubeServer,
  app: any,
): KubeServer | undefined {
  const d = app.spec?.destination ?? {};
  let url: string | undefined = d.server;
  if (!url && d.name) {
    const s = clusterSecrets(fleet).find(
      x => Buffer.from(x.data?.name ?? '', 'base64').toString() === d.name,
    );
    if (s) url = Buffer.from(s.data.server, 'base64').toString();
    else if (d.name === 'in-cluster') url = IN_CLUSTER;
  }
  if (!url) return undefined;
  if (url === IN_CLUSTER) return fleet;
  for (const e of world.servers.values())
    if (e.server.url === url) return e.server;
  return undefined;
}

/** Deletes what an application deployed. */
export function prune(world: World, last: LastDestination) {
  const target = world.servers.get(last.server)?.server;
  if (!target) return;
  for (const [kindKey, name] of last.names) {
    const [apiVersion, kind] = kindKey.split('|');
    try {
      target.api.removeObj(apiVersion, kind, last.ns, name);
    } catch {
      // ignore
    }
  }
}

/**
 * `CreateNamespace=true`: creates the destination namespace, with the
 * labels and annotations of `syncPolicy.managedNamespaceMetadata`, which
 * Argo CD also keeps applied to a namespace it created.
 */
export function ensureNamespace(target: KubeServer, ns: string, app: any) {
  const meta = app.spec?.syncPolicy?.managedNamespaceMetadata ?? {};
  const cur = target.api.getObj('v1', 'Namespace', undefined, ns);
  const labels = { ...(cur?.metadata?.labels ?? {}), ...(meta.labels ?? {}) };
  const annotations = {
    ...(cur?.metadata?.annotations ?? {}),
    ...(meta.annotations ?? {}),
  };
  const same = (a: object, b: object | undefined) =>
    JSON.stringify(a) === JSON.stringify(b ?? {});
  if (
    cur &&
    same(labels, cur.metadata?.labels) &&
    same(annotations, cur.metadata?.annotations)
  )
    return;
  target.api.upsert({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      ...(cur?.metadata ?? {}),
      name: ns,
      ...(Object.keys(labels).length ? { labels } : {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
  });
}

/** Whether any rendered manifest is missing or differs from revision `h`. */
export function isOutOfSync(
  target: KubeServer,
  manifests: any[],
  ns: string,
  h: string,
): boolean {
  let outOfSync = false;
  for (const m of manifests) {
    let cur: any;
    try {
      cur = target.api.getObj(
        m.apiVersion,
        m.kind,
        m.metadata.namespace ?? ns,
        m.metadata.name,
      );
    } catch {
      continue;
    }
    if (!cur || cur.metadata.annotations?.[HASH_ANNOTATION] !== h)
      outOfSync = true;
  }
  return outOfSync;
}

/** Applies an Application's rendered manifests (revision `h`) to `target`. */
export function applyManifests(
  target: KubeServer,
  app: any,
  manifests: any[],
  ns: string,
  h: string,
) {
  for (const m of manifests) {
    const obj = {
      ...m,
      metadata: {
        ...m.metadata,
        namespace: m.metadata.namespace ?? ns,
        labels: {
          ...(m.metadata.labels ?? {}),
          [INSTANCE_LABEL]: app.metadata.name,
        },
        annotations: {
          ...(m.metadata.annotations ?? {}),
          [HASH_ANNOTATION]: h,
        },
      },
    };
    target.api.upsert(obj, { manager: ARGOCD_MANAGER });
  }
}
