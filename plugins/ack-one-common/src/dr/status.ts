import { ACK_ONE_SERVICE_ANNOTATIONS } from '../catalog';
import { effectiveWeights, GatewayIssue, GatewayRoute } from '../gateway';
import {
  evaluateWorkloadParity,
  maxReplicasOf,
  summarizeParity,
} from './parity';
import {
  ClusterRole,
  DrCluster,
  DrClusterCapacity,
  DrGateway,
  DrPolicy,
  DrProblem,
  DrRoute,
  DrStatus,
  DrWorkload,
  DrWorkloadInCluster,
  DrWorkloadKind,
  ParityFinding,
} from './types';

/** A member cluster as the backend's cache knows it. */
export interface DrMemberInput {
  clusterId: string;
  name: string;
  location?: 'idc' | 'cloud';
  reachable: boolean;
  /** Last time the data was known current; undefined when never synced. */
  lastSyncAt?: Date;
  message?: string;
}

export interface DrWorkloadInput extends DrWorkloadInCluster {
  kind: DrWorkloadKind;
  namespace: string;
  name: string;
}

export interface DrStatusInput {
  entityRef: string;
  now: Date;
  policy: DrPolicy;
  problems: DrProblem[];
  fleet: { clusterId: string; name: string };
  members: DrMemberInput[];
  /** Every matching workload in every cluster, from the cache. */
  workloads: DrWorkloadInput[];
  gateway: {
    reachable: boolean;
    lastSyncAt?: Date;
    message?: string;
    /** Routes of the Fleet's gateway Ingresses that belong to the service. */
    routes: GatewayRoute[];
    issues: GatewayIssue[];
  };
}

/**
 * Resolves the roles written in `ack-one/cluster-roles` (names or ids)
 * against the fleet's members. Unknown names become errors; members not
 * named are standbys (primary-standby) or active (active-active).
 */
export function resolveRoles(
  policy: Pick<DrPolicy, 'mode' | 'roles'>,
  members: Array<{ clusterId: string; name: string }>,
  fleetName: string,
): { roles: Map<string, ClusterRole>; problems: DrProblem[] } {
  const roles = new Map<string, ClusterRole>();
  const problems: DrProblem[] = [];
  const annotation = ACK_ONE_SERVICE_ANNOTATIONS.clusterRoles;
  for (const [ref, role] of Object.entries(policy.roles)) {
    const m = members.find(
      x => x.clusterId === ref || x.name === ref || x.name === refName(ref),
    );
    if (!m) {
      problems.push({
        severity: 'error',
        annotation,
        message: `${annotation} names cluster "${ref}", which is not a member of fleet ${fleetName} (members: ${
          members.map(x => x.name).join(', ') || 'none'
        }).`,
      });
      continue;
    }
    roles.set(m.clusterId, role);
  }
  for (const m of members) {
    if (roles.has(m.clusterId)) continue;
    if (policy.mode === 'active-active') roles.set(m.clusterId, 'active');
    else {
      roles.set(m.clusterId, 'standby');
      problems.push({
        severity: 'warning',
        annotation,
        message: `${annotation} does not name ${m.name}; it is taken as a standby.`,
      });
    }
  }
  return { roles, problems };
}

/**
 * The name part of a reference written in an annotation: an entity ref
 * (`resource:default/idc-k8s`) gives `idc-k8s`; a plain name or id is itself.
 */
export function refName(ref: string): string {
  return ref.replace(/^[^:]*:/, '').replace(/^[^/]*\//, '');
}

function staleSeconds(now: Date, m: { reachable: boolean; lastSyncAt?: Date }) {
  if (m.reachable || !m.lastSyncAt) return undefined;
  return Math.max(
    0,
    Math.round((now.getTime() - m.lastSyncAt.getTime()) / 1000),
  );
}

/** Declared shares of a route: per pinned cluster, and the part that follows pods. */
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

const round = (n: number) => Math.round(n * 10) / 10;
const roundAll = (r: Record<string, number>) =>
  Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)]));

/**
 * Assembles the DR status of a service from what the backend's cache holds.
 * Pure: the same input always gives the same answer.
 */
export function buildDrStatus(input: DrStatusInput): DrStatus {
  const { policy, now, fleet } = input;
  const problems = [...input.problems];
  const { roles, problems: roleProblems } = resolveRoles(
    policy,
    input.members,
    fleet.name,
  );
  problems.push(...roleProblems);
  const nameOf = new Map(input.members.map(m => [m.clusterId, m.name]));
  const name = (id: string) => nameOf.get(id) ?? id;

  const clusters: DrCluster[] = input.members.map(m => ({
    clusterId: m.clusterId,
    name: m.name,
    location: m.location,
    role: roles.get(m.clusterId) ?? 'standby',
    reachable: m.reachable,
    lastSyncAt: m.lastSyncAt?.toISOString(),
    staleSeconds: staleSeconds(now, m),
    message: m.message,
  }));
  const parityClusters = clusters.map(c => ({
    clusterId: c.clusterId,
    name: c.name,
    role: c.role,
    synced: c.lastSyncAt !== undefined,
    staleSeconds: c.staleSeconds,
  }));

  // Group by kind/namespace/name across clusters.
  const groups = new Map<string, DrWorkloadInput[]>();
  for (const w of input.workloads) {
    if (!nameOf.has(w.clusterId)) continue;
    const key = `${w.kind}/${w.namespace}/${w.name}`;
    groups.set(key, [...(groups.get(key) ?? []), w]);
  }
  const workloads: DrWorkload[] = [...groups.values()]
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

  const overallFindings: ParityFinding[] = [];
  const seenClusterFindings = new Set<string>();
  for (const w of workloads) {
    for (const f of w.parity.findings) {
      // Cluster-wide findings (no data, stale) once, not per workload.
      if (f.rule === 'no-data' || f.rule === 'stale-data') {
        const k = `${f.rule}/${f.clusterId}`;
        if (seenClusterFindings.has(k)) continue;
        seenClusterFindings.add(k);
        overallFindings.push(f);
      } else
        overallFindings.push({
          ...f,
          message: `${w.kind} ${w.namespace}/${w.name}: ${f.message}`,
        });
    }
  }
  if (workloads.length === 0) {
    const anySynced = parityClusters.some(c => c.synced);
    overallFindings.push({
      state: 'unknown',
      rule: anySynced ? 'no-workloads' : 'no-data',
      message: anySynced
        ? `No Deployment or StatefulSet matches ${
            policy.selector.labelSelector
          }${
            policy.selector.namespace
              ? ` in namespace ${policy.selector.namespace}`
              : ''
          } in any cluster of fleet ${fleet.name}.`
        : `No cluster of fleet ${fleet.name} has answered yet.`,
    });
  }
  const parity = summarizeParity(overallFindings);

  // Health per cluster for the gateway: ready replicas of the service there.
  const health: Record<string, number> = {};
  for (const c of clusters) health[c.clusterId] = 0;
  for (const w of input.workloads)
    if (w.clusterId in health) health[w.clusterId] += w.ready;

  const routes: DrRoute[] = input.gateway.routes.map(r => {
    const { declared, declaredByPods } = declaredWeights(r);
    return {
      id: r.id,
      host: r.host,
      path: r.path,
      namespace: r.namespace,
      service: r.service.name,
      ingresses: [
        ...new Set([r.base.ingress, ...r.canaries.map(c => c.ingress)]),
      ],
      declared: roundAll(declared),
      declaredByPods: round(declaredByPods),
      effective: roundAll(effectiveWeights(r, health)),
      headerRoutes: r.canaries
        .filter(c => c.header)
        .map(c => ({
          header: c.header!.name,
          value: c.header!.value,
          pattern: c.header!.pattern,
          clusterId: c.clusterId,
          ingress: c.ingress,
        })),
    };
  });
  const gateway: DrGateway = {
    fleetId: fleet.clusterId,
    reachable: input.gateway.reachable,
    lastSyncAt: input.gateway.lastSyncAt?.toISOString(),
    message: input.gateway.message,
    routes,
    issues: input.gateway.issues.map(i => ({
      ingress: i.ingress,
      severity: i.severity,
      message: i.message,
    })),
  };

  // Capacity: could each cluster carry all traffic? The load is the ready
  // replicas of the clusters that receive traffic now.
  const serving = new Set<string>();
  for (const r of routes)
    for (const [c, v] of Object.entries(r.effective)) if (v > 0) serving.add(c);
  if (routes.length === 0)
    for (const c of clusters)
      if (c.role !== 'standby') serving.add(c.clusterId);
  let load = 0;
  for (const c of serving) load += health[c] ?? 0;
  const capacity: DrClusterCapacity[] = clusters.map(c => {
    const ws = input.workloads.filter(w => w.clusterId === c.clusterId);
    const ready = ws.reduce((a, w) => a + w.ready, 0);
    const max = ws.reduce((a, w) => a + maxReplicasOf(w), 0);
    return {
      clusterId: c.clusterId,
      ready,
      max,
      load,
      canCarryAllNow: load > 0 && ready >= load,
      canCarryAllAfterScaling: load > 0 && Math.max(ready, max) >= load,
    };
  });

  const warnings: string[] = [];
  for (const c of clusters)
    if (!c.reachable)
      warnings.push(
        c.lastSyncAt
          ? `${c.name} is unreachable; what is shown for it is ${
              c.staleSeconds
            } s old.${c.message ? ` ${c.message}` : ''}`
          : `${c.name} has not answered yet.${
              c.message ? ` ${c.message}` : ''
            }`,
      );
  for (const f of parity.findings)
    if (
      f.state !== 'in-parity' &&
      f.rule !== 'stale-data' &&
      f.rule !== 'no-data'
    )
      warnings.push(f.message);
  for (const r of routes) {
    if (Object.keys(r.effective).length === 0 && clusters.length > 0)
      warnings.push(
        `Route ${r.id}: no cluster has a ready replica, so the gateway cannot serve it.`,
      );
    for (const [c, v] of Object.entries(r.declared)) {
      const eff = r.effective[c] ?? 0;
      if (v > 0 && eff < v - 0.5)
        warnings.push(
          `Route ${r.id}: ${name(c)} is declared ${round(v)}% but gets ${round(
            eff,
          )}% because it has no ready replica; the gateway fails its share over.`,
        );
    }
  }
  if (serving.size > 0 && load > 0)
    for (const cap of capacity) {
      const c = clusters.find(x => x.clusterId === cap.clusterId)!;
      if (!cap.canCarryAllAfterScaling && c.role !== 'primary')
        warnings.push(
          `${c.name} could not carry all traffic: it can run ${plural(
            cap.max,
            'replica',
          )} against a load of ${load} ready in the serving clusters.`,
        );
    }
  if (!input.gateway.reachable)
    warnings.push(
      `The Fleet's gateway configuration could not be read${
        input.gateway.message ? `: ${input.gateway.message}` : ''
      }; routes shown are the last known.`,
    );

  return {
    entityRef: input.entityRef,
    generatedAt: now.toISOString(),
    policy,
    problems,
    fleet,
    clusters,
    workloads,
    parity,
    gateway,
    capacity,
    warnings,
  };
}

function plural(n: number, word: string) {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
