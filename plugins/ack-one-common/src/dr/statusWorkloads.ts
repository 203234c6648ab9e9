import {
  evaluateWorkloadParity,
  maxReplicasOf,
  ParityCluster,
  summarizeParity,
} from './parity';
import type { ReadyByCluster } from './statusGateway';
import {
  DrCluster,
  DrClusterCapacity,
  DrPolicy,
  DrRoute,
  DrWorkload,
  DrWorkloadInCluster,
  DrWorkloadKind,
  ParityFinding,
  ParityResult,
} from './types';

/**
 * One workload in one cluster, as the backend's cache reads it.
 *
 * @public
 */
export interface DrWorkloadInput extends DrWorkloadInCluster {
  kind: DrWorkloadKind;
  namespace: string;
  name: string;
}

/** Groups the workloads by kind, namespace and name across clusters and judges each. */
export function groupWorkloads(
  inputs: DrWorkloadInput[],
  clusters: DrCluster[],
  policy: DrPolicy,
): DrWorkload[] {
  const nameOf = new Map(clusters.map(c => [c.clusterId, c.name]));
  const parityClusters = toParityClusters(clusters);
  const groups = new Map<string, DrWorkloadInput[]>();
  for (const w of inputs) {
    if (!nameOf.has(w.clusterId)) continue;
    const key = `${w.kind}/${w.namespace}/${w.name}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  const name = (id: string) => nameOf.get(id) ?? id;
  return [...groups.values()]
    .map(ws => {
      const inClusters = ws
        .map(
          ({
            kind: _k,
            namespace: _n,
            name: _m,
            ...rest
          }): DrWorkloadInCluster => rest,
        )
        .sort((a, b) => name(a.clusterId).localeCompare(name(b.clusterId)));
      return {
        kind: ws[0].kind,
        namespace: ws[0].namespace,
        name: ws[0].name,
        clusters: inClusters,
        parity: evaluateWorkloadParity({
          policy,
          clusters: parityClusters,
          workload: { clusters: inClusters },
        }),
      };
    })
    .sort((a, b) =>
      `${a.namespace}/${a.name}/${a.kind}`.localeCompare(
        `${b.namespace}/${b.name}/${b.kind}`,
      ),
    );
}

export function toParityClusters(clusters: DrCluster[]): ParityCluster[] {
  return clusters.map(c => ({
    clusterId: c.clusterId,
    name: c.name,
    role: c.role,
    synced: c.lastSyncAt !== undefined,
    staleSeconds: c.staleSeconds,
  }));
}

/**
 * The service's parity: every workload's findings (a cluster-wide finding,
 * such as stale data, once), or why there is nothing to judge.
 */
export function overallParity(
  workloads: DrWorkload[],
  clusters: DrCluster[],
  policy: DrPolicy,
  fleetName: string,
): ParityResult {
  const findings: ParityFinding[] = [];
  const seen = new Set<string>();
  for (const w of workloads) {
    for (const f of w.parity.findings) {
      if (f.rule === 'no-data' || f.rule === 'stale-data') {
        const k = `${f.rule}/${f.clusterId}`;
        if (seen.has(k)) continue;
        seen.add(k);
        findings.push(f);
      } else
        findings.push({
          ...f,
          message: `${w.kind} ${w.namespace}/${w.name}: ${f.message}`,
        });
    }
  }
  if (workloads.length === 0) {
    const anySynced = clusters.some(c => c.lastSyncAt !== undefined);
    const where = policy.selector.namespace
      ? ` in namespace ${policy.selector.namespace}`
      : '';
    findings.push({
      state: 'unknown',
      rule: anySynced ? 'no-workloads' : 'no-data',
      message: anySynced
        ? `No Deployment or StatefulSet matches ${policy.selector.labelSelector}${where} in any cluster of fleet ${fleetName}.`
        : `No cluster of fleet ${fleetName} has answered yet.`,
    });
  }
  return summarizeParity(findings);
}

/** Ready replicas of the service per cluster: what the gateway's health-based split follows. */
export function readyByCluster(
  clusters: DrCluster[],
  inputs: DrWorkloadInput[],
): ReadyByCluster {
  const ready: ReadyByCluster = {};
  for (const c of clusters) ready[c.clusterId] = 0;
  for (const w of inputs)
    if (w.clusterId in ready) ready[w.clusterId] += w.ready;
  return ready;
}

/**
 * Whether each cluster could carry all traffic: the load is the ready
 * replicas of the clusters that receive traffic now (without routes, of
 * every cluster that is not a standby).
 */
export function capacityOf(
  clusters: DrCluster[],
  inputs: DrWorkloadInput[],
  routes: DrRoute[],
  ready: ReadyByCluster,
): DrClusterCapacity[] {
  const serving = new Set<string>();
  for (const r of routes)
    for (const [c, v] of Object.entries(r.effective)) if (v > 0) serving.add(c);
  if (routes.length === 0)
    for (const c of clusters)
      if (c.role !== 'standby') serving.add(c.clusterId);
  let load = 0;
  for (const c of serving) load += ready[c] ?? 0;
  return clusters.map(c => {
    const ws = inputs.filter(w => w.clusterId === c.clusterId);
    const readyHere = ws.reduce((a, w) => a + w.ready, 0);
    const max = ws.reduce((a, w) => a + maxReplicasOf(w), 0);
    return {
      clusterId: c.clusterId,
      ready: readyHere,
      max,
      load,
      canCarryAllNow: load > 0 && readyHere >= load,
      canCarryAllAfterScaling: load > 0 && Math.max(readyHere, max) >= load,
    };
  });
}
