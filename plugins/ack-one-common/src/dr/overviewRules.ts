import type {
  DrBlastImpact,
  DrBlastRadiusRow,
  DrOverviewCluster,
  DrOverviewFailover,
  DrOverviewRow,
} from './overview';
import {
  DR_STATE_SEVERITY,
  type DrRoute,
  type DrStatus,
  type DrWarning,
} from './types';

/**
 * What the overview shows of a service's catalog entity.
 *
 * @public
 */
export interface DrOverviewEntityMeta {
  title?: string;
  /** `spec.owner` as an entity ref. */
  owner?: string;
  /** `spec.system` as an entity ref. */
  system?: string;
}

const WARNING_RANK: Record<DrWarning['severity'], number> = {
  critical: 0,
  warning: 1,
  info: 2,
};

const round1 = (n: number) => Math.round(n * 10) / 10;

/**
 * The share of the service's traffic a cluster serves now: the mean of its
 * effective weight over the service's routes; without routes, its share of
 * the ready replicas of the clusters that take traffic (every cluster but
 * the standbys).
 */
function servingPercentOf(
  routes: DrRoute[],
  clusterId: string,
  ready: number,
  readyInServing: number | undefined,
): number {
  if (routes.length > 0) {
    const sum = routes.reduce((a, r) => a + (r.effective[clusterId] ?? 0), 0);
    return round1(sum / routes.length);
  }
  if (readyInServing === undefined) return 0;
  return readyInServing > 0 ? round1((100 * ready) / readyInServing) : 0;
}

function overviewClusters(status: DrStatus): DrOverviewCluster[] {
  const capacity = new Map(status.capacity.map(c => [c.clusterId, c]));
  const readyInServing = status.clusters
    .filter(c => c.role !== 'standby')
    .reduce((a, c) => a + (capacity.get(c.clusterId)?.ready ?? 0), 0);
  return status.clusters.map(c => {
    const cap = capacity.get(c.clusterId);
    const ready = cap?.ready ?? 0;
    return {
      clusterId: c.clusterId,
      name: c.name,
      location: c.location,
      role: c.role,
      reachable: c.reachable,
      ready,
      max: cap?.max ?? 0,
      load: cap?.load ?? 0,
      canCarryAllNow: cap?.canCarryAllNow ?? false,
      canCarryAllAfterScaling: cap?.canCarryAllAfterScaling ?? false,
      servingPercent: servingPercentOf(
        status.gateway.routes,
        c.clusterId,
        ready,
        c.role === 'standby' ? undefined : readyInServing,
      ),
    };
  });
}

/**
 * The lowest share of the load the standby clusters could carry after
 * scaling to their maximum, in whole percent and at most 100; undefined
 * when the service is not primary-standby, has no standby, or no load.
 */
function standbyCapacityPercent(status: DrStatus): number | undefined {
  if (status.policy?.mode !== 'primary-standby') return undefined;
  const standbys = status.clusters.filter(c => c.role === 'standby');
  let lowest: number | undefined;
  for (const s of standbys) {
    const cap = status.capacity.find(x => x.clusterId === s.clusterId);
    if (!cap || !(cap.load > 0)) continue;
    const after = Math.max(cap.ready, cap.max);
    const pct = Math.min(100, Math.floor((100 * after) / cap.load));
    lowest = lowest === undefined ? pct : Math.min(lowest, pct);
  }
  return lowest;
}

/** The most important warning: the first of the most severe. */
function topWarningOf(warnings: DrWarning[]): string | undefined {
  let top: DrWarning | undefined;
  for (const w of warnings)
    if (!top || WARNING_RANK[w.severity] < WARNING_RANK[top.severity]) top = w;
  return top?.message;
}

/**
 * One service's row of the DR overview, from its DR status.
 *
 * @public
 */
export function toOverviewRow(
  status: DrStatus,
  meta: DrOverviewEntityMeta,
  lastFailover?: DrOverviewFailover,
): DrOverviewRow {
  const policy = status.policy;
  const row: DrOverviewRow = {
    entityRef: status.entityRef,
    title: meta.title,
    owner: meta.owner,
    system: meta.system,
    fleet: status.fleet,
    state: status.state ?? status.parity.state,
    parity: status.parity.state,
    mode: policy?.mode,
    clusters: overviewClusters(status),
    standbyCapacityPercent: standbyCapacityPercent(status),
    rto: policy?.rto,
    rtoSeconds: policy?.rtoSeconds,
    lastFailover,
    topWarning: topWarningOf(status.warnings ?? []),
    warningCount: status.warnings?.length ?? 0,
    problemCount: status.problems.filter(p => p.severity === 'error').length,
  };
  const fields = row as unknown as Record<string, unknown>;
  for (const k of Object.keys(fields))
    if (fields[k] === undefined) delete fields[k];
  return row;
}

/**
 * Most alarming state first, then by entity ref.
 *
 * @public
 */
export function compareOverviewRows(a: DrOverviewRow, b: DrOverviewRow) {
  return (
    (DR_STATE_SEVERITY[b.state] ?? 0) - (DR_STATE_SEVERITY[a.state] ?? 0) ||
    a.entityRef.localeCompare(b.entityRef)
  );
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const list = (names: string[]) =>
  names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** Whether a cluster runs the service: it has, or may scale to, a replica, or it serves traffic. */
const runs = (c: DrOverviewCluster) =>
  c.ready > 0 || c.max > 0 || c.servingPercent > 0;

function impactOn(
  row: DrOverviewRow,
  lost: DrOverviewCluster,
): { impact: DrBlastImpact; reason: string } {
  const others = row.clusters.filter(
    c => c.clusterId !== lost.clusterId && runs(c),
  );
  const reachable = others.filter(c => c.reachable);
  if (others.length === 0)
    return {
      impact: 'down',
      reason: `Only ${lost.name} runs it: no other cluster has a replica or can scale to one.`,
    };
  if (reachable.length === 0)
    return {
      impact: 'down',
      reason: `${list(others.map(c => c.name))} also ${
        others.length === 1 ? 'runs' : 'run'
      } it but ${others.length === 1 ? 'is' : 'are'} unreachable now.`,
    };
  const load = lost.load;
  const ready = reachable.reduce((a, c) => a + c.ready, 0);
  const after = reachable.reduce((a, c) => a + Math.max(c.ready, c.max), 0);
  const names = list(reachable.map(c => c.name));
  const has = reachable.length === 1 ? 'has' : 'have';
  if (!(load > 0))
    return {
      impact: 'unaffected',
      reason: `No ready replica serves it now, so losing ${
        lost.name
      } takes nothing away; ${names} can run ${plural(after, 'replica')}.`,
    };
  if (ready < load) {
    const upTo = `${after} (HPA maximum, or desired count without one)`;
    const scaling =
      after >= load
        ? `scaling up to ${upTo} covers it`
        : `even scaled up to ${upTo}, ${plural(
            load - after,
            'replica',
          )} would be missing`;
    return {
      impact: 'loses-capacity',
      reason: `${names} ${has} ${ready} ready of the ${load} serving now (${
        load - ready
      } short); ${scaling}.`,
    };
  }
  if (lost.servingPercent <= 0)
    return {
      impact: 'unaffected',
      reason: `${lost.name} serves none of its traffic now; ${names} ${has} ${ready} ready for a load of ${load}.`,
    };
  return {
    impact: 'unaffected',
    reason: `${names} ${has} ${ready} ready, enough for the ${load} serving now (${lost.name} serves ${lost.servingPercent}%).`,
  };
}

const IMPACT_RANK: Record<DrBlastImpact, number> = {
  down: 0,
  'loses-capacity': 1,
  unaffected: 2,
};

/**
 * What losing cluster `clusterId` would do to each service: `down` when no
 * other cluster could serve it (none runs it, or those that do are
 * unreachable), `loses-capacity` when the others' ready replicas are fewer
 * than the load they would take, `unaffected` otherwise or when the service
 * does not run there. Most affected first.
 *
 * @public
 */
export function blastRadius(
  rows: DrOverviewRow[],
  clusterId: string,
): DrBlastRadiusRow[] {
  return rows
    .map(row => {
      const lost = row.clusters.find(c => c.clusterId === clusterId);
      if (!lost || !runs(lost))
        return {
          entityRef: row.entityRef,
          impact: 'unaffected' as const,
          reason: lost
            ? `It does not run in ${lost.name}.`
            : 'That cluster is not a member of its Fleet.',
        };
      return { entityRef: row.entityRef, ...impactOn(row, lost) };
    })
    .sort(
      (a, b) =>
        IMPACT_RANK[a.impact] - IMPACT_RANK[b.impact] ||
        a.entityRef.localeCompare(b.entityRef),
    );
}

export { declaredRoute } from './statusGateway';
