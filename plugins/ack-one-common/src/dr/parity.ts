import {
  ClusterRole,
  DrPolicy,
  DrWorkloadInCluster,
  ParityFinding,
  ParityResult,
  ParityState,
  PARITY_SEVERITY,
} from './types';

/** A cluster as the parity rules see it. */
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

/** Sorts findings most severe first and takes the worst state. */
export function summarizeParity(findings: ParityFinding[]): ParityResult {
  const sorted = [...findings].sort(
    (a, b) => PARITY_SEVERITY[b.state] - PARITY_SEVERITY[a.state],
  );
  const state: ParityState = sorted[0]?.state ?? 'in-parity';
  return { state, findings: sorted };
}

/** Replicas a cluster can reach: the HPA maximum when there is one, else desired. */
export function maxReplicasOf(w: DrWorkloadInCluster): number {
  return w.hpa ? Math.max(w.hpa.maxReplicas, w.desired) : w.desired;
}

function imagesKey(w: DrWorkloadInCluster) {
  return w.images.join(' ');
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
 */
export function evaluateWorkloadParity(options: {
  policy: Pick<DrPolicy, 'mode' | 'minStandbyCapacity'>;
  clusters: ParityCluster[];
  workload: { clusters: DrWorkloadInCluster[] };
}): ParityResult {
  const { policy, clusters, workload } = options;
  const findings: ParityFinding[] = [];
  const byId = new Map(workload.clusters.map(w => [w.clusterId, w]));
  const pct = policy.minStandbyCapacity;

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
  for (const c of missing) {
    findings.push({
      state: 'one-sided',
      rule: 'missing',
      clusterId: c.clusterId,
      message: `It runs in ${present.map(p => p.name).join(', ')} only: ${
        c.name
      } (${c.role}) does not run it, so losing ${present
        .map(p => p.name)
        .join(' and ')} takes the service down.`,
    });
  }

  const imageSets = new Map<string, string[]>();
  for (const c of present) {
    const key = imagesKey(byId.get(c.clusterId)!);
    imageSets.set(key, [...(imageSets.get(key) ?? []), c.name]);
  }
  if (imageSets.size > 1) {
    findings.push({
      state: 'degraded',
      rule: 'image-drift',
      message: `Image drift: ${[...imageSets.entries()]
        .map(
          ([images, names]) =>
            `${names.join(', ')} runs ${images || '(no image)'}`,
        )
        .join('; ')}.`,
    });
  }

  const required = (reference: number) => Math.ceil((reference * pct) / 100);
  if (policy.mode === 'primary-standby') {
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
          message: `Primary ${c.name} has ${w.ready} of ${plural(
            w.desired,
            'replica',
          )} ready.`,
        });
    }
    const need = required(reference);
    for (const c of present.filter(p => p.role === 'standby')) {
      const w = byId.get(c.clusterId)!;
      const max = maxReplicasOf(w);
      const numbers = {
        required: need,
        reference,
        minStandbyCapacity: pct,
        desired: w.desired,
        max,
        ready: w.ready,
      };
      if (max < need) {
        findings.push({
          state: 'degraded',
          rule: 'standby-capacity',
          clusterId: c.clusterId,
          numbers,
          message: `Standby ${c.name} is set to ${plural(max, 'replica')}${
            w.hpa ? ' (HPA maximum)' : ''
          }, ${Math.round(
            reference ? (100 * max) / reference : 0,
          )}% of ${primaryName}'s ${reference}; the policy asks for ${pct}% (${need}).`,
        });
      } else if (w.ready < need) {
        findings.push({
          state: 'standby-not-ready',
          rule: 'standby-ready',
          clusterId: c.clusterId,
          numbers,
          message: `Standby ${c.name} has ${w.ready} of ${plural(
            need,
            'replica',
          )} ready: a failover now would overload it.`,
        });
      }
    }
  } else {
    const reference = Math.max(
      0,
      ...present.map(c => byId.get(c.clusterId)!.desired),
    );
    const need = required(reference);
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
        const want = Math.max(need, w.desired);
        findings.push({
          state: 'degraded',
          rule: 'replicas-ready',
          clusterId: c.clusterId,
          numbers: { ready: w.ready, desired: w.desired, required: need },
          message: `${c.name} has ${w.ready} of ${plural(
            want,
            'replica',
          )} ready.`,
        });
      }
    }
  }
  return summarizeParity(findings);
}
