import {
  ClusterRole,
  DrPolicy,
  DrWorkloadInCluster,
  ParityFinding,
  ParityResult,
  ParityState,
  PARITY_SEVERITY,
} from './types';

/**
 * A cluster as the parity rules see it.
 *
 * @public
 */
export interface ParityCluster {
  clusterId: string;
  name: string;
  role: ClusterRole;
  /** Whether any data was ever read from it. */
  synced: boolean;
  /** Unreachable now, data possibly out of date: seconds since the last sync. */
  staleSeconds?: number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Sorts findings most severe first and takes the worst state.
 *
 * @public
 */
export function summarizeParity(findings: ParityFinding[]): ParityResult {
  const sorted = [...findings].sort(
    (a, b) => PARITY_SEVERITY[b.state] - PARITY_SEVERITY[a.state],
  );
  const state: ParityState = sorted[0]?.state ?? 'in-parity';
  return { state, findings: sorted };
}

/**
 * Replicas a cluster can reach: the HPA maximum when there is one, else desired.
 *
 * @public
 */
export function maxReplicasOf(w: DrWorkloadInCluster): number {
  return w.hpa ? Math.max(w.hpa.maxReplicas, w.desired) : w.desired;
}

function imagesKey(w: DrWorkloadInCluster) {
  return w.images.join(' ');
}

/** `1 of 2 replicas ready`: the ready and desired counts, as the tables show them. */
function readyOf(w: DrWorkloadInCluster) {
  return `${w.ready} of ${plural(w.desired, 'replica')} ready`;
}

/** What the policy asks for when the cluster is set below it but may scale. */
function askFor(need: number, w: DrWorkloadInCluster, max: number) {
  if (need <= w.desired) return `the policy asks for ${need}`;
  return `the policy asks for ${need}${
    w.hpa ? ` (its HPA can scale it to ${max})` : ''
  }`;
}

type Clusters = ParityCluster[];
type ById = Map<string, DrWorkloadInCluster>;

/** A cluster never synced gives `unknown`; an unreachable one notes its data's age. */
function dataFindings(clusters: Clusters): ParityFinding[] {
  const findings: ParityFinding[] = [];
  for (const c of clusters) {
    if (!c.synced) {
      findings.push({
        state: 'unknown',
        rule: 'no-data',
        clusterId: c.clusterId,
        message: `No data from ${c.name} yet, so its replicas are unknown.`,
      });
    } else if (c.staleSeconds !== undefined) {
      findings.push({
        state: 'unknown',
        rule: 'stale-data',
        clusterId: c.clusterId,
        numbers: { staleSeconds: c.staleSeconds },
        message: `${c.name} is unreachable; its figures are ${c.staleSeconds} s old.`,
      });
    }
  }
  return findings;
}

/** Synced clusters that do not run the workload make it `one-sided`. */
function missingFindings(present: Clusters, missing: Clusters) {
  const names = present.map(p => p.name);
  return missing.map(
    (c): ParityFinding => ({
      state: 'one-sided',
      rule: 'missing',
      clusterId: c.clusterId,
      message: `It runs in ${names.join(', ')} only: ${c.name} (${
        c.role
      }) does not run it, so losing ${names.join(
        ' and ',
      )} takes the service down.`,
    }),
  );
}

/** Different images between clusters: `degraded`. */
function imageDrift(present: Clusters, byId: ById): ParityFinding[] {
  const imageSets = new Map<string, string[]>();
  for (const c of present) {
    const key = imagesKey(byId.get(c.clusterId)!);
    imageSets.set(key, [...(imageSets.get(key) ?? []), c.name]);
  }
  if (imageSets.size <= 1) return [];
  const sets = [...imageSets.entries()].map(
    ([images, names]) => `${names.join(', ')} runs ${images || '(no image)'}`,
  );
  return [
    {
      state: 'degraded',
      rule: 'image-drift',
      message: `Image drift: ${sets.join('; ')}.`,
    },
  ];
}

const required = (reference: number, pct: number) =>
  Math.ceil((reference * pct) / 100);

/** A standby set below the requirement, or set right but not ready for it. */
function standbyFinding(
  c: ParityCluster,
  w: DrWorkloadInCluster,
  policy: { reference: number; pct: number; primaryName: string },
): ParityFinding | undefined {
  const { reference, pct, primaryName } = policy;
  const need = required(reference, pct);
  const max = maxReplicasOf(w);
  const numbers = {
    required: need,
    reference,
    minStandbyCapacity: pct,
    desired: w.desired,
    max,
    ready: w.ready,
  };
  if (max < need)
    return {
      clusterId: c.clusterId,
      numbers,
      state: 'degraded',
      rule: 'standby-capacity',
      message: `Standby ${c.name} is set to ${plural(max, 'replica')}${
        w.hpa ? ' (HPA maximum)' : ''
      }, ${Math.round(
        reference ? (100 * max) / reference : 0,
      )}% of ${primaryName}'s ${reference}; the policy asks for ${pct}% (${need}).`,
    };
  if (w.ready < need)
    return {
      clusterId: c.clusterId,
      numbers,
      state: 'standby-not-ready',
      rule: 'standby-ready',
      message: `Standby ${c.name} has ${readyOf(w)}; ${askFor(
        need,
        w,
        max,
      )}: a failover now would overload it.`,
    };
  return undefined;
}

/** Primary-standby: primaries ready, standbys set to and ready for the requirement. */
function primaryStandbyFindings(
  present: Clusters,
  byId: ById,
  pct: number,
): ParityFinding[] {
  const findings: ParityFinding[] = [];
  const primaries = present.filter(c => c.role === 'primary');
  const reference = Math.max(
    0,
    ...primaries.map(c => byId.get(c.clusterId)!.desired),
  );
  const primaryName = primaries.map(c => c.name).join(', ') || 'the primary';
  for (const c of primaries) {
    const w = byId.get(c.clusterId)!;
    if (w.ready < w.desired)
      findings.push({
        state: 'degraded',
        rule: 'primary-ready',
        clusterId: c.clusterId,
        numbers: { ready: w.ready, desired: w.desired },
        message: `Primary ${c.name} has ${readyOf(w)}.`,
      });
  }
  for (const c of present.filter(p => p.role === 'standby')) {
    const f = standbyFinding(c, byId.get(c.clusterId)!, {
      reference,
      pct,
      primaryName,
    });
    if (f) findings.push(f);
  }
  return findings;
}

/** Active-active: every cluster set to and ready for the largest one's share. */
function activeActiveFindings(
  present: Clusters,
  byId: ById,
  pct: number,
): ParityFinding[] {
  const findings: ParityFinding[] = [];
  const reference = Math.max(
    0,
    ...present.map(c => byId.get(c.clusterId)!.desired),
  );
  const need = required(reference, pct);
  for (const c of present) {
    const w = byId.get(c.clusterId)!;
    const max = maxReplicasOf(w);
    if (max < need) {
      findings.push({
        state: 'degraded',
        rule: 'peer-capacity',
        clusterId: c.clusterId,
        numbers: { required: need, reference, minStandbyCapacity: pct, max },
        message: `${c.name} is set to ${plural(max, 'replica')}, ${Math.round(
          reference ? (100 * max) / reference : 0,
        )}% of the largest cluster's ${reference}; the policy asks for ${pct}% (${need}).`,
      });
    } else if (w.ready < Math.max(need, w.desired)) {
      // It could scale (HPA) but serves with fewer replicas than it should now.
      findings.push({
        state: 'degraded',
        rule: 'replicas-ready',
        clusterId: c.clusterId,
        numbers: { ready: w.ready, desired: w.desired, required: need },
        message:
          need > w.desired
            ? `${c.name} has ${readyOf(w)}; ${askFor(need, w, max)}.`
            : `${c.name} has ${readyOf(w)}.`,
      });
    }
  }
  return findings;
}

/**
 * The parity rules for one workload across the service's clusters.
 *
 * - A cluster never synced gives `unknown`; an unreachable one adds an
 *   `unknown` finding saying how old its data is (the rest is judged on it).
 * - Missing from a synced cluster: `one-sided`.
 * - Different images between clusters: `degraded` (`image-drift`).
 * - Primary-standby: the reference is the primaries' desired replicas and
 *   the requirement is `ceil(reference * minStandbyCapacity / 100)`. A
 *   standby whose desired (or HPA maximum) is below it is `degraded`
 *   (`standby-capacity`); one configured well enough but with fewer ready
 *   replicas is `standby-not-ready` (`standby-ready`). A primary with
 *   replicas not ready is `degraded` (`primary-ready`).
 * - Active-active: the reference is the largest desired count; each
 *   cluster set below the requirement is `degraded` (`peer-capacity`), and
 *   one with fewer ready replicas than the requirement or its own desired
 *   count (an HPA that has not scaled up, pods not ready) is `degraded`
 *   (`replicas-ready`).
 *
 * Messages quote the ready and desired counts the tables show
 * ("1 of 1 replica ready"), and the requirement separately.
 *
 * @public
 */
export function evaluateWorkloadParity(options: {
  policy: Pick<DrPolicy, 'mode' | 'minStandbyCapacity'>;
  clusters: ParityCluster[];
  workload: { clusters: DrWorkloadInCluster[] };
}): ParityResult {
  const { policy, clusters, workload } = options;
  const byId: ById = new Map(workload.clusters.map(w => [w.clusterId, w]));
  const findings = dataFindings(clusters);
  const synced = clusters.filter(c => c.synced);
  const present = synced.filter(c => byId.has(c.clusterId));
  const missing = synced.filter(c => !byId.has(c.clusterId));
  if (present.length === 0) {
    if (synced.length > 0)
      findings.push({
        state: 'unknown',
        rule: 'not-found',
        message: 'It runs in none of the clusters.',
      });
    return summarizeParity(findings);
  }
  findings.push(
    ...missingFindings(present, missing),
    ...imageDrift(present, byId),
    ...(policy.mode === 'primary-standby'
      ? primaryStandbyFindings(present, byId, policy.minStandbyCapacity)
      : activeActiveFindings(present, byId, policy.minStandbyCapacity)),
  );
  return summarizeParity(findings);
}
