import { effectiveWeights, GatewayRoute } from '../gateway';
import { DrFailedOver, DrRoute } from './types';

/** Ready replicas of the service per cluster id: the gateway's health input. */
export type ReadyByCluster = Record<string, number>;

/**
 * Declared shares of a route: per pinned cluster, and the part that follows pods.
 *
 * @public
 */
export function declaredWeights(route: GatewayRoute): {
  declared: Record<string, number>;
  declaredByPods: number;
} {
  const declared: Record<string, number> = {};
  let canary = 0;
  let byPods = 0;
  for (const c of route.canaries) {
    if (c.weight === undefined) continue;
    const share = Math.min(100 - canary, (100 * c.weight) / c.weightTotal);
    if (share < 0) continue;
    canary += share;
    if (c.clusterId)
      declared[c.clusterId] = (declared[c.clusterId] ?? 0) + share;
    else byPods += share;
  }
  const base = 100 - canary;
  if (route.base.clusterId)
    declared[route.base.clusterId] =
      (declared[route.base.clusterId] ?? 0) + base;
  else byPods += base;
  return { declared, declaredByPods: byPods };
}

/** Percentages to one decimal, as the tables show them. */
export const roundShare = (n: number) => Math.round(n * 10) / 10;
const roundAll = (r: Record<string, number>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, roundShare(v)]));

/**
 * What the share that follows ready pods resolves to now: `share` split in
 * proportion to each cluster's ready replicas (empty when none is ready).
 */
export function splitByPods(
  share: number,
  ready: ReadyByCluster,
): Record<string, number> {
  const total = Object.values(ready).reduce((a, v) => a + Math.max(0, v), 0);
  if (share <= 0 || total <= 0) return {};
  const out: Record<string, number> = {};
  for (const [c, v] of Object.entries(ready))
    if (v > 0) out[c] = (share * v) / total;
  return out;
}

/**
 * A gateway route as declared, for the Fleet's gateway page when no
 * service it can see uses it: which replicas serve it is not known, so
 * `byPods` and `effective` are empty.
 *
 * @public
 */
export function declaredRoute(route: GatewayRoute): DrRoute {
  const { declared, declaredByPods } = declaredWeights(route);
  return {
    id: route.id,
    host: route.host,
    path: route.path,
    namespace: route.namespace,
    service: route.service.name,
    ingresses: [
      ...new Set([route.base.ingress, ...route.canaries.map(c => c.ingress)]),
    ],
    declared: roundAll(declared),
    declaredByPods: roundShare(declaredByPods),
    byPods: {},
    effective: {},
    headerRoutes: route.canaries
      .filter(c => c.header)
      .map(c => ({
        header: c.header!.name,
        value: c.header!.value,
        pattern: c.header!.pattern,
        clusterId: c.clusterId,
        ingress: c.ingress,
      })),
  };
}

/** A gateway route as the DR status shows it: declared, by pods, and in effect. */
export function toDrRoute(r: GatewayRoute, ready: ReadyByCluster): DrRoute {
  const { declaredByPods } = declaredWeights(r);
  return {
    ...declaredRoute(r),
    byPods: roundAll(splitByPods(declaredByPods, ready)),
    effective: roundAll(effectiveWeights(r, ready)),
  };
}

/** Clusters a route declares traffic for that the gateway gives none now (it fails their share over). */
export function failedOverClusters(r: DrRoute): string[] {
  if (Object.keys(r.effective).length === 0) return [];
  return Object.entries(r.declared)
    .filter(([c, v]) => v > 0 && !((r.effective[c] ?? 0) > 0))
    .map(([c]) => c);
}

/**
 * What the caller remembers of a service's previous DR status.
 *
 * @public
 */
export interface DrStatusMemo {
  /** Which clusters had lost their traffic, to which (undefined: none). */
  failedOverKey?: string;
  failedOverSince?: string;
}

const keyOf = (from: string[], to: string[]) =>
  `${from.join(',')}>${to.join(',')}`;

/**
 * What to remember of a status, to date a failover on the next one.
 *
 * @public
 */
export function drStatusMemoOf(s: { failedOver?: DrFailedOver }): DrStatusMemo {
  const f = s.failedOver;
  return f
    ? { failedOverKey: keyOf(f.from, f.to), failedOverSince: f.since }
    : {};
}

/**
 * Whether the gateway moved the service's traffic by itself: a cluster
 * with declared traffic gets none and other clusters serve it. `since` is
 * when it was first seen: kept from `memo` while the same clusters are
 * affected, `now` when it began after the previous status, undefined when
 * there is no previous status (it was so when first looked at).
 */
export function failedOverOf(
  routes: DrRoute[],
  now: Date,
  memo?: DrStatusMemo,
): DrFailedOver | undefined {
  const from = new Set<string>();
  const to = new Set<string>();
  for (const r of routes) {
    const lost = failedOverClusters(r);
    if (lost.length === 0) continue;
    lost.forEach(c => from.add(c));
    for (const [c, v] of Object.entries(r.effective)) if (v > 0) to.add(c);
  }
  if (from.size === 0) return undefined;
  const f: DrFailedOver = { from: [...from].sort(), to: [...to].sort() };
  if (memo?.failedOverKey === keyOf(f.from, f.to))
    f.since = memo.failedOverSince;
  else if (memo) f.since = now.toISOString();
  return f;
}
