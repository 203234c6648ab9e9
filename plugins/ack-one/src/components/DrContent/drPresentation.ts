import {
  ClusterRole,
  DrCluster,
  DrPolicy,
  DrProblem,
  DrRoute,
  DrState,
  DrStatus,
  ParityState,
} from '@internal/plugin-ack-one-common';
import { Severity, StateSeverity } from '../presentation';

const PARITY_LABELS: Record<ParityState, string> = {
  'in-parity': 'In parity',
  'standby-not-ready': 'Standby not ready',
  degraded: 'Degraded',
  'one-sided': 'One-sided',
  unknown: 'Unknown',
};

const PARITY_SEVERITIES: Record<ParityState, StateSeverity> = {
  'in-parity': 'ok',
  'standby-not-ready': 'warning',
  degraded: 'error',
  'one-sided': 'error',
  unknown: 'unknown',
};

const PARITY_DESCRIPTIONS: Record<ParityState, string> = {
  'in-parity':
    'Every cluster runs the same images with enough ready replicas to meet the DR policy.',
  'standby-not-ready':
    'The standby is configured to meet the policy but has too few ready replicas right now.',
  degraded:
    'A cluster is configured below the policy (too few replicas or a different image), or the primary has replicas that are not ready.',
  'one-sided': 'A workload runs in some clusters only.',
  unknown:
    'There is not enough data: a cluster has not answered, or no workload matches the service.',
};

/** Human label of a parity state, e.g. `In parity`. */
export function parityLabel(state: ParityState): string {
  return PARITY_LABELS[state] ?? state;
}

/** Colour of a parity state: in parity green, standby not ready amber, degraded and one-sided red, unknown grey. */
export function paritySeverity(state: ParityState): StateSeverity {
  return PARITY_SEVERITIES[state] ?? 'unknown';
}

/** One sentence explaining a parity state. */
export function parityDescription(state: ParityState): string {
  return PARITY_DESCRIPTIONS[state] ?? '';
}

/** Human label of a DR state: a parity label, `Site unreachable` or `Failed over`. */
export function drStateLabel(state: DrState): string {
  if (state === 'site-unreachable') return 'Site unreachable';
  if (state === 'failed-over') return 'Failed over';
  return parityLabel(state);
}

/** Colour of a DR state: an unreachable site is critical, a failover red. */
export function drStateSeverity(state: DrState): Severity {
  if (state === 'site-unreachable') return 'critical';
  if (state === 'failed-over') return 'error';
  return paritySeverity(state);
}

/** One sentence explaining a DR state. */
export function drStateDescription(state: DrState): string {
  if (state === 'site-unreachable')
    return 'The portal cannot reach a cluster of the service: what is shown for it is its last-known data.';
  if (state === 'failed-over')
    return 'The gateway moved traffic away from a cluster that has declared traffic, by itself.';
  return parityDescription(state);
}

/** Ids of the clusters whose data is last-known (unreachable). */
export function staleClusterIds(
  status: Pick<DrStatus, 'clusters'>,
): Set<string> {
  return new Set(
    status.clusters.filter(c => !c.reachable).map(c => c.clusterId),
  );
}

/** A percentage with at most one decimal: `50%`, `33.3%`. */
export function formatPercent(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded : rounded.toFixed(1)}%`;
}

/** How old a cluster's cached data is: `data 42 s old`. */
export function formatStaleness(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 120) return `data ${s} s old`;
  if (s < 7200) return `data ${s} s old (about ${Math.round(s / 60)} min)`;
  return `data ${s} s old (about ${Math.round(s / 3600)} h)`;
}

/** A duration in seconds, in words: `90 s`, `5 min`, `1 h 30 min`. */
export function formatSeconds(seconds: number): string {
  if (seconds < 60 || seconds % 60 !== 0) return `${seconds} s`;
  const minutes = seconds / 60;
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** The RTO target as written, with its length when that differs. */
export function formatRto(policy: DrPolicy): string {
  if (policy.rtoSeconds === undefined) return policy.rto ?? 'not set';
  const words = formatSeconds(policy.rtoSeconds);
  if (!policy.rto || policy.rto === words) return words;
  return `${policy.rto} (${words})`;
}

/** Human label of a DR mode. */
export function modeLabel(mode: DrPolicy['mode']): string {
  return mode === 'active-active' ? 'Active-active' : 'Primary-standby';
}

const ROLE_COLORS: Record<ClusterRole, 'primary' | 'default'> = {
  primary: 'primary',
  active: 'primary',
  standby: 'default',
};

/** Colour of a role chip. */
export function roleColor(role: ClusterRole): 'primary' | 'default' {
  return ROLE_COLORS[role] ?? 'default';
}

/** Short label of a cluster location. */
export function locationShortLabel(
  location: DrCluster['location'],
): string | undefined {
  if (location === 'idc') return 'IDC';
  if (location === 'cloud') return 'Cloud';
  return undefined;
}

/** Cluster id → name, from the status's clusters. */
export type ClusterNames = (clusterId: string) => string;

export function clusterNamesOf(status: Pick<DrStatus, 'clusters'>) {
  const names = new Map(status.clusters.map(c => [c.clusterId, c.name]));
  return (clusterId: string) => names.get(clusterId) ?? clusterId;
}

/**
 * Stable colour index of a cluster: its position among the status's
 * clusters (so a cluster keeps its colour in every bar).
 */
export function clusterIndexOf(status: {
  clusters: Array<Pick<DrCluster, 'clusterId'>>;
}) {
  const index = new Map(status.clusters.map((c, i) => [c.clusterId, i]));
  return (clusterId: string) => index.get(clusterId) ?? status.clusters.length;
}

/** The errors that keep the tab from showing a sound status. */
export function blockingProblems(problems: DrProblem[]): DrProblem[] {
  return problems.filter(p => p.severity === 'error');
}

/** One segment of a weight bar. */
export interface WeightSegment {
  /** Cluster id, or `pods` for the share that follows ready pods. */
  key: string;
  label: string;
  percent: number;
  byPods: boolean;
}

function clusterSegments(
  weights: Record<string, number>,
  names: ClusterNames,
  order: (clusterId: string) => number,
): WeightSegment[] {
  return Object.entries(weights)
    .sort(([a], [b]) => order(a) - order(b) || a.localeCompare(b))
    .map(([clusterId, percent]) => ({
      key: clusterId,
      label: names(clusterId),
      percent,
      byPods: false,
    }));
}

/**
 * Declared share per cluster: its pinned weight plus its part of the share
 * that follows ready pods (`declared + byPods`).
 */
export function declaredShares(route: DrRoute): Record<string, number> {
  const shares: Record<string, number> = { ...route.declared };
  for (const [clusterId, percent] of Object.entries(route.byPods ?? {}))
    shares[clusterId] = (shares[clusterId] ?? 0) + percent;
  return shares;
}

/** The part of the by-pods share no cluster takes (no ready pod anywhere). */
export function unresolvedByPods(route: DrRoute): number {
  const resolved = Object.values(route.byPods ?? {}).reduce((a, b) => a + b, 0);
  const rest = route.declaredByPods - resolved;
  return rest > 0.05 ? rest : 0;
}

/**
 * Declared shares of a route, per cluster (pinned weight plus its part of
 * the share split by ready pods), then any by-pods share that no cluster
 * can take.
 */
export function declaredSegments(
  route: DrRoute,
  names: ClusterNames,
  order: (clusterId: string) => number,
): WeightSegment[] {
  const byPods = route.byPods ?? {};
  const segments = clusterSegments(declaredShares(route), names, order).map(
    s => ({ ...s, byPods: (byPods[s.key] ?? 0) > 0 }),
  );
  const rest = unresolvedByPods(route);
  if (rest > 0)
    segments.push({
      key: 'pods',
      label: 'by ready pods (none ready)',
      percent: rest,
      byPods: true,
    });
  return segments;
}

/** Effective shares of a route, per cluster. */
export function effectiveSegments(
  route: DrRoute,
  names: ClusterNames,
  order: (clusterId: string) => number,
): WeightSegment[] {
  return clusterSegments(route.effective, names, order);
}

/** `x-env = canary`, `x-env ~ ^can.*` or just the header name. */
export function describeHeaderMatch(header: {
  header: string;
  value?: string;
  pattern?: string;
}): string {
  if (header.value !== undefined) return `${header.header} = ${header.value}`;
  if (header.pattern !== undefined)
    return `${header.header} ~ ${header.pattern}`;
  return header.header;
}

/**
 * The largest share of traffic each cluster serves now over the service's
 * routes (effective %), or undefined when the service has no route.
 */
export function servingShareOf(status: Pick<DrStatus, 'gateway'>) {
  const routes = status.gateway.routes;
  return (clusterId: string): number | undefined =>
    routes.length === 0
      ? undefined
      : Math.max(...routes.map(r => r.effective[clusterId] ?? 0));
}

/** Path of an entity's Kubernetes tab, e.g. `/catalog/default/component/orders/kubernetes`. */
export function kubernetesTabPath(entityRef: string): string | undefined {
  const match = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
  if (!match) return undefined;
  const [, kind, namespace, name] = match;
  return `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind.toLocaleLowerCase('en-US'),
  )}/${encodeURIComponent(name)}/kubernetes`;
}

/** `last known, data 42 s old`: the mark of a value from an unreachable cluster. */
export function staleMark(cluster: Pick<DrCluster, 'staleSeconds'>): string {
  return cluster.staleSeconds !== undefined
    ? `last known, ${formatStaleness(cluster.staleSeconds)}`
    : 'last known';
}
