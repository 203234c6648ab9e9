import {
  CLUSTER_TOPOLOGY_LABEL,
  GATEWAY_ANNOTATIONS,
  parseGatewayIngresses,
  type IngressLike,
  type TrafficSplit,
} from '@internal/plugin-ack-one-common';

/**
 * How a two-cluster service's traffic split is written on the Fleet's
 * gateway Ingresses, with the gateway's own vocabulary: the base Ingress is
 * pinned (`service-subset` + `subset-labels: topology.istio.io/cluster <id>`)
 * to one cluster and a canary Ingress (`canary: "true"`, `canary-weight`)
 * pinned to the other carries that cluster's share; 100/0 is canary weight
 * 0, 0/100 canary weight 100 (of `canary-weight-total`). A route without a
 * canary gets one (named `<base>-failover`, marked with the request id, and
 * deleted again by a rollback); a base that follows pod counts is pinned.
 * Header canaries are left alone.
 */

/** Marks a canary Ingress the failover created (value: the request id). */
export const FAILOVER_MARKER_ANNOTATION = 'ack-one/failover-request';

const MSE_PREFIX = 'mse.ingress.kubernetes.io/';

export interface RouteLayout {
  namespace: string;
  /** The base (non-canary) Ingress. */
  base: string;
  baseCluster: string;
  /** The base follows pod counts now and is pinned by the failover. */
  pinBase: boolean;
  canary: string;
  canaryCluster: string;
  /** There is no weighted canary yet: the failover creates it. */
  createCanary: boolean;
  weightTotal: number;
}

export interface GatewayLayout {
  routes: RouteLayout[];
}

/** The managed annotations of one Ingress before the first step. */
export interface IngressBefore {
  namespace: string;
  name: string;
  existed: boolean;
  /** Managed annotation key → value before (absent keys are left out). */
  annotations: Record<string, string>;
  /** Every annotation key the failover writes on it. */
  keys: string[];
}

/** What the rollback restores, recorded before the first step. */
export interface GatewayBefore {
  layout: GatewayLayout;
  ingresses: IngressBefore[];
  /** Declared weights of the service's routes before (to verify a rollback). */
  routes: Array<{
    id: string;
    declared: TrafficSplit;
    declaredByPods: number;
  }>;
}

/** The managed annotations one Ingress must carry for a split. */
export interface IngressTarget {
  namespace: string;
  name: string;
  annotations: Record<string, string>;
  /** The canary to create when it does not exist (from the base's spec). */
  createFrom?: { base: string };
}

const key = (ns: string, name: string) => `${ns}/${name}`;

/** The annotation key to write for `short`: the MSE-prefixed one when the Ingress uses it. */
function keyFor(
  annotations: Record<string, string> | undefined,
  short: string,
  fallback: string,
): string {
  return annotations?.[`${MSE_PREFIX}${short}`] !== undefined
    ? `${MSE_PREFIX}${short}`
    : fallback;
}

function pinAnnotations(clusterId: string): Record<string, string> {
  return {
    [GATEWAY_ANNOTATIONS.serviceSubset]: clusterId,
    [GATEWAY_ANNOTATIONS.subsetLabels]: `${CLUSTER_TOPOLOGY_LABEL} ${clusterId}`,
  };
}

function canaryName(base: string): string {
  return `${base.slice(0, 244)}-failover`;
}

type ParsedRoute = ReturnType<typeof parseGatewayIngresses>['routes'][number];

/** The one weighted canary of the paths of a base Ingress, if any. */
function weightedCanary(
  base: string,
  rs: ParsedRoute[],
  ids: string[],
): { canary?: ParsedRoute['canaries'][number]; error?: string } {
  const weighted = new Map<string, ParsedRoute['canaries'][number]>();
  for (const r of rs)
    for (const c of r.canaries)
      if (c.weight !== undefined) weighted.set(c.ingress, c);
  if (weighted.size > 1)
    return {
      error: `Ingress ${base} has ${
        weighted.size
      } weighted canary Ingresses (${[...weighted.keys()].join(
        ', ',
      )}); a failover shifts routes with one`,
    };
  const [canary] = [...weighted.values()];
  if (
    canary &&
    rs.some(r => !r.canaries.some(c => c.ingress === canary.ingress))
  )
    return {
      error: `canary Ingress ${canary.ingress} covers only some paths of ${base}; give every path the same canary`,
    };
  if (canary && (!canary.clusterId || !ids.includes(canary.clusterId)))
    return {
      error: `canary Ingress ${
        canary.ingress
      } is not pinned to a member cluster of the Fleet (service-subset ${
        canary.clusterId ?? 'missing'
      })`,
    };
  return { canary };
}

/** The layout of the routes of one base Ingress (namespace/name). */
function routeLayoutOf(
  base: string,
  rs: ParsedRoute[],
  ids: string[],
  preferred: string,
): { route?: RouteLayout; error?: string } {
  const other = (c: string) => ids.find(x => x !== c)!;
  const { canary, error } = weightedCanary(base, rs, ids);
  if (error) return { error };
  const pinned = rs[0].base.clusterId;
  if (pinned !== undefined && !ids.includes(pinned))
    return {
      error: `Ingress ${base} is pinned to "${pinned}", which is not a member cluster of the Fleet`,
    };
  if (canary && pinned === canary.clusterId)
    return {
      error: `Ingress ${base} and its canary ${canary.ingress} are pinned to the same cluster; pin them to different clusters`,
    };
  const baseCluster = pinned ?? (canary ? other(canary.clusterId!) : preferred);
  const [namespace, baseName] = base.split('/');
  return {
    route: {
      namespace,
      base: baseName,
      baseCluster,
      pinBase: pinned === undefined,
      canary: canary ? canary.ingress.split('/')[1] : canaryName(baseName),
      canaryCluster: other(baseCluster),
      createCanary: !canary,
      weightTotal: canary?.weightTotal ?? 100,
    },
  };
}

/**
 * The layout of a service's routes, from its Ingresses; an error in plain
 * words when the split cannot be expressed on them.
 */
export function planLayout(
  ingresses: IngressLike[],
  clusters: Array<{ clusterId: string; name: string; location?: string }>,
): { layout?: GatewayLayout; error?: string } {
  if (clusters.length !== 2)
    return {
      error: `the service runs in ${clusters.length} cluster${
        clusters.length === 1 ? '' : 's'
      } of its Fleet; a failover moves traffic between exactly two (the IDC and the ACK cluster)`,
    };
  const ids = clusters.map(c => c.clusterId);
  const preferred =
    clusters.find(c => c.location === 'idc')?.clusterId ?? [...ids].sort()[0];
  const { routes } = parseGatewayIngresses(ingresses);
  if (!routes.length)
    return {
      error:
        'the service has no route on the Fleet gateway (no Ingress of the service is served by it), so there is no traffic to shift',
    };
  const byBase = new Map<string, typeof routes>();
  for (const r of routes)
    byBase.set(r.base.ingress, [...(byBase.get(r.base.ingress) ?? []), r]);
  const out: RouteLayout[] = [];
  for (const [base, rs] of byBase) {
    const { route, error } = routeLayoutOf(base, rs, ids, preferred);
    if (error) return { error };
    out.push(route!);
  }
  return { layout: { routes: out } };
}

/**
 * The managed annotations each Ingress must carry for `split`, canaries
 * first (so a new canary takes its share before the base is pinned).
 * `current` gives the live annotations, to keep the key prefix an Ingress
 * uses.
 */
export function targetsFor(
  layout: GatewayLayout,
  split: TrafficSplit,
  requestId: string,
  current: (ns: string, name: string) => Record<string, string> | undefined,
): IngressTarget[] {
  const canaries: IngressTarget[] = [];
  const bases: IngressTarget[] = [];
  for (const r of layout.routes) {
    const a = current(r.namespace, r.canary);
    const weight = Math.round(
      ((split[r.canaryCluster] ?? 0) * r.weightTotal) / 100,
    );
    canaries.push({
      namespace: r.namespace,
      name: r.canary,
      annotations: {
        [keyFor(a, 'canary', GATEWAY_ANNOTATIONS.canary)]: 'true',
        [keyFor(a, 'canary-weight', GATEWAY_ANNOTATIONS.canaryWeight)]:
          String(weight),
        ...(r.createCanary
          ? {
              ...pinAnnotations(r.canaryCluster),
              [FAILOVER_MARKER_ANNOTATION]: requestId,
            }
          : {}),
      },
      ...(r.createCanary ? { createFrom: { base: r.base } } : {}),
    });
    if (r.pinBase)
      bases.push({
        namespace: r.namespace,
        name: r.base,
        annotations: pinAnnotations(r.baseCluster),
      });
  }
  return [...canaries, ...bases];
}

/** The values of `keys` on an Ingress (undefined when absent). */
export function managedValues(
  obj: IngressLike | undefined,
  keys: string[],
): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const k of keys) out[k] = obj?.metadata.annotations?.[k];
  return out;
}

export function sameValues(
  a: Record<string, string | undefined>,
  b: Record<string, string | undefined>,
): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys)
    if ((a[k] ?? undefined) !== (b[k] ?? undefined)) return false;
  return true;
}

/** What to record before the first step, from the live Ingresses. */
export function recordBefore(
  targets: IngressTarget[],
  live: (ns: string, name: string) => IngressLike | undefined,
): IngressBefore[] {
  return targets.map(t => {
    const obj = live(t.namespace, t.name);
    const keys = Object.keys(t.annotations);
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries(managedValues(obj, keys)))
      if (v !== undefined) annotations[k] = v;
    return {
      namespace: t.namespace,
      name: t.name,
      existed: !!obj,
      annotations,
      keys,
    };
  });
}

/** A canary Ingress body for a route without one, from its base Ingress. */
export function canaryBody(base: any, target: IngressTarget): any {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      name: target.name,
      namespace: target.namespace,
      ...(base.metadata?.labels ? { labels: { ...base.metadata.labels } } : {}),
      annotations: { ...target.annotations },
    },
    spec: {
      ...(base.spec?.ingressClassName
        ? { ingressClassName: base.spec.ingressClassName }
        : {}),
      rules: base.spec?.rules ?? [],
    },
  };
}

export { key as ingressKey };
