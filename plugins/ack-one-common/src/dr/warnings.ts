import { DR_DOCS, entityPagePath, kubernetesTabPath } from './links';
import { failedOverClusters } from './statusGateway';
import {
  DrCluster,
  DrClusterCapacity,
  DrPolicy,
  DrRoute,
  DrWarning,
  DrWarningSeverity,
  ParityFinding,
  ParityResult,
} from './types';

/** What the warnings are made of: the same values the status's tables show. */
export interface WarningFacts {
  entityRef: string;
  policy: DrPolicy;
  fleet: { name: string; entityRef?: string };
  clusters: DrCluster[];
  /** Clusters still connecting for the first time (not failing). */
  connecting: Set<string>;
  parity: ParityResult;
  routes: DrRoute[];
  capacity: DrClusterCapacity[];
  gateway: { reachable: boolean; message?: string };
}

const RANK: Record<DrWarningSeverity, number> = {
  critical: 0,
  warning: 1,
  info: 2,
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

class Names {
  readonly #byId: Map<string, DrCluster>;
  constructor(clusters: DrCluster[]) {
    this.#byId = new Map(clusters.map(c => [c.clusterId, c]));
  }
  name(id: string) {
    return this.#byId.get(id)?.name ?? id;
  }
  cluster(id: string) {
    return this.#byId.get(id);
  }
}

/** The page of a cluster: its catalog entity, else its console page. */
function clusterLink(c: DrCluster): DrWarning['link'] {
  const page = c.entityRef && entityPagePath(c.entityRef);
  if (page) return { title: `${c.name} in the catalog`, url: page };
  if (c.consoleUrl)
    return { title: `${c.name} in the ACK console`, url: c.consoleUrl };
  return undefined;
}

const clusterLinkOf = (c: DrCluster | undefined) => c && clusterLink(c);

function podsLink(f: WarningFacts): DrWarning['link'] {
  const url = kubernetesTabPath(f.entityRef);
  return url ? { title: 'Pods on the Kubernetes tab', url } : undefined;
}

/** Clusters that cannot be reached (critical), or that have not answered yet (info). */
function reachabilityWarnings(f: WarningFacts): DrWarning[] {
  return f.clusters
    .filter(c => !c.reachable)
    .map((c): DrWarning => {
      if (f.connecting.has(c.clusterId))
        return {
          id: 'connecting',
          severity: 'info',
          clusterId: c.clusterId,
          message: `${c.name} has not answered yet: the portal is connecting to its API server.`,
        };
      const why = c.message ? ` (${c.message})` : '';
      const line =
        c.location === 'idc'
          ? ' and the leased line or VPN between the IDC and the cloud'
          : '';
      return {
        id: 'site-unreachable',
        severity: 'critical',
        clusterId: c.clusterId,
        message:
          c.staleSeconds !== undefined
            ? `${c.name} is unreachable${why}; what is shown for it is ${c.staleSeconds} s old.`
            : `${c.name} is unreachable${why}; nothing is known of its replicas.`,
        fix: `Check ${c.name}'s API server${line}; the portal reconnects by itself once it answers.`,
        link: clusterLink(c),
      };
    });
}

/** Routes whose traffic the gateway moved, or cannot serve at all. */
function gatewayWarnings(f: WarningFacts, n: Names): DrWarning[] {
  const out: DrWarning[] = [];
  for (const r of f.routes) {
    if (Object.keys(r.effective).length === 0 && f.clusters.length > 0) {
      out.push({
        id: 'no-cluster-serves',
        severity: 'critical',
        message: `Route ${r.id}: no cluster has a ready replica, so the gateway cannot serve it.`,
        fix: "Find why the service's pods are not ready in any cluster (events, crash loops, image pulls).",
        link: podsLink(f),
      });
      continue;
    }
    const to = Object.entries(r.effective)
      .filter(([, v]) => v > 0)
      .map(([c, v]) => `${n.name(c)} (${v}%)`)
      .join(' and ');
    for (const c of failedOverClusters(r))
      out.push({
        id: 'failed-over',
        severity: 'critical',
        clusterId: c,
        message: `Route ${r.id}: ${n.name(c)} is declared ${
          r.declared[c]
        }% but gets 0% because it has no ready replica; the gateway sends its share to ${to}.`,
        fix: `Bring ${n.name(
          c,
        )}'s replicas back to ready; the gateway returns its share by itself. To keep traffic away while it is fixed, request a failover on the Disaster Recovery tab.`,
        link: podsLink(f),
      });
  }
  return out;
}

/** A primary-standby service whose standby receives live traffic by declaration. */
function standbyServingWarnings(f: WarningFacts, n: Names): DrWarning[] {
  if (f.policy.mode !== 'primary-standby') return [];
  const primary = f.clusters.find(c => c.role === 'primary');
  const out: DrWarning[] = [];
  for (const r of f.routes)
    for (const [c, share] of Object.entries(r.effective)) {
      if (!(share > 0) || n.cluster(c)?.role !== 'standby') continue;
      const pinned = (r.declared[c] ?? 0) > 0;
      if (!pinned && !((r.byPods[c] ?? 0) > 0)) continue;
      const where = f.routes.length > 1 ? ` on route ${r.id}` : '';
      out.push({
        id: 'standby-serving',
        severity: 'warning',
        clusterId: c,
        message: `${n.name(
          c,
        )} serves ${share}% of live traffic${where} although it is the standby.`,
        fix: pinned
          ? `Set nginx.ingress.kubernetes.io/canary-weight to 0 on the canary Ingress that sends ${
              r.declared[c]
            }% to ${n.name(c)} (${r.ingresses.join(
              ', ',
            )}), or make the move official with a failover request.`
          : `Pin the base Ingress ${
              r.ingresses[0]
            } to the primary: set mse.ingress.kubernetes.io/service-subset to ${
              primary?.clusterId ?? 'the primary cluster id'
            } (and subset-labels "topology.istio.io/cluster ${
              primary?.clusterId ?? '<id>'
            }"), so traffic no longer follows ready pods into the standby.`,
        link: { title: 'MSE Ingress annotations', url: DR_DOCS.mseAnnotations },
      });
    }
  return out;
}

/** One warning per capacity row that says a cluster cannot carry the load. */
function capacityWarnings(f: WarningFacts, n: Names): DrWarning[] {
  const out: DrWarning[] = [];
  for (const cap of f.capacity) {
    if (cap.canCarryAllNow || !(cap.load > 0)) continue;
    const name = n.name(cap.clusterId);
    if (n.cluster(cap.clusterId)?.lastSyncAt === undefined) {
      out.push({
        id: 'capacity-unknown',
        severity: 'warning',
        clusterId: cap.clusterId,
        message: `Whether ${name} could carry all traffic is not known: nothing was read from it yet.`,
        fix: `Wait for ${name} to answer, or check its API server.`,
        link: clusterLinkOf(n.cluster(cap.clusterId)),
      });
      continue;
    }
    const counts = `it has ${cap.ready} ready and can reach ${plural(
      cap.max,
      'replica',
    )}, against a load of ${cap.load} ready in the serving clusters`;
    out.push(
      cap.canCarryAllAfterScaling
        ? {
            id: 'capacity-needs-scaling',
            severity: 'warning',
            clusterId: cap.clusterId,
            message: `${name} could carry all traffic only after scaling: ${counts}.`,
            fix: `Its HPA scales it up after a failover; to carry the load at once, raise the HPA's minReplicas (or spec.replicas) in ${name} so that ${cap.load} are ready.`,
            link: podsLink(f),
          }
        : {
            id: 'capacity',
            severity: 'critical',
            clusterId: cap.clusterId,
            message: `${name} could not carry all traffic: ${counts}.`,
            fix: `Raise spec.replicas (or the HPA's maxReplicas) of the service's workloads in ${name} to ${cap.load} in total, in the Fleet's Argo CD ApplicationSet values.`,
            link: podsLink(f),
          },
    );
  }
  return out;
}

const PARITY_FIXES: Record<string, (x: ParityFinding, name: string) => string> =
  {
    missing: (_x, name) =>
      `Deploy it to ${name}: let the Fleet's Argo CD ApplicationSet generate an Application for ${name} (its cluster generator's selector).`,
    'image-drift': () =>
      'Sync the Argo CD Applications of every cluster to the same revision so they run the same images.',
    'standby-capacity': (x, name) =>
      `Set spec.replicas (or the HPA's maxReplicas) in ${name} to at least ${x.numbers?.required}, or lower ack-one/min-standby-capacity.`,
    'peer-capacity': (x, name) =>
      `Set spec.replicas (or the HPA's maxReplicas) in ${name} to at least ${x.numbers?.required}, or lower ack-one/min-standby-capacity.`,
    'standby-ready': (x, name) =>
      `Keep ${x.numbers?.required} replicas ready in ${name} (spec.replicas or the HPA's minReplicas), or find why its pods are not ready.`,
    'replicas-ready': (x, name) =>
      `Keep ${x.numbers?.required} replicas ready in ${name} (spec.replicas or the HPA's minReplicas), or find why its pods are not ready.`,
    'primary-ready': (_x, name) => `Find why pods in ${name} are not ready.`,
    'no-workloads': () =>
      'Check backstage.io/kubernetes-id (or backstage.io/kubernetes-label-selector) and backstage.io/kubernetes-namespace: the workloads must carry that label.',
  };

/** The parity findings (not the cluster-wide data findings) with what to change. */
function parityWarnings(f: WarningFacts, n: Names): DrWarning[] {
  return f.parity.findings
    .filter(
      x =>
        x.state !== 'in-parity' &&
        x.rule !== 'stale-data' &&
        x.rule !== 'no-data',
    )
    .map(x => ({
      id: x.rule,
      severity: 'warning' as const,
      clusterId: x.clusterId,
      message: x.message,
      fix: PARITY_FIXES[x.rule]?.(x, x.clusterId ? n.name(x.clusterId) : ''),
      link: podsLink(f),
    }));
}

function fleetWarnings(f: WarningFacts): DrWarning[] {
  if (f.gateway.reachable) return [];
  const page = f.fleet.entityRef && entityPagePath(f.fleet.entityRef);
  return [
    {
      id: 'gateway-unreachable',
      severity: 'warning',
      message: `The Fleet's gateway configuration could not be read${
        f.gateway.message ? ` (${f.gateway.message})` : ''
      }; the routes shown are the last known.`,
      fix: `Check that the API server of Fleet ${f.fleet.name} answers the portal's backend.`,
      link: page
        ? { title: `${f.fleet.name} in the catalog`, url: page }
        : undefined,
    },
  ];
}

/** Drops undefined optional fields, so the JSON stays small. */
function compact(w: DrWarning): DrWarning {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(w)) if (v !== undefined) out[k] = v;
  return out as unknown as DrWarning;
}

/**
 * The warnings of a DR status, most important first (critical, then
 * warnings, then information; in each, the order below). Every number in a
 * message is a value the status's tables show.
 */
export function buildWarnings(f: WarningFacts): DrWarning[] {
  const n = new Names(f.clusters);
  const all = [
    ...reachabilityWarnings(f),
    ...gatewayWarnings(f, n),
    ...capacityWarnings(f, n),
    ...parityWarnings(f, n),
    ...standbyServingWarnings(f, n),
    ...fleetWarnings(f),
  ];
  return all
    .map((w, i) => ({ w: compact(w), i }))
    .sort((a, b) => RANK[a.w.severity] - RANK[b.w.severity] || a.i - b.i)
    .map(x => x.w);
}
