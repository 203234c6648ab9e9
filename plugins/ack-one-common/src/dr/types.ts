/**
 * The DR status of a service, as `GET /api/ack-one/v1/entities/{kind}/{namespace}/{name}/dr-status`
 * returns it and the DR tab shows it. Plain JSON: dates are ISO strings.
 */

/**
 * Role a cluster plays for a service.
 *
 * @public
 */
export type ClusterRole = 'primary' | 'standby' | 'active';

/**
 * Parity of a workload, or of the whole service (the worst of its workloads):
 * - `in-parity`: every cluster runs the same images with enough ready
 *   replicas to meet the DR policy;
 * - `degraded`: a cluster is configured below the policy (too few replicas,
 *   or a different image), or the primary has replicas that are not ready;
 * - `standby-not-ready`: the standby is configured to meet the policy but
 *   has too few ready replicas right now;
 * - `one-sided`: the workload runs in some clusters only;
 * - `unknown`: there is not enough data (a cluster never answered, or no
 *   workload matches the service).
 *
 * @public
 */
export type ParityState =
  | 'in-parity'
  | 'degraded'
  | 'standby-not-ready'
  | 'one-sided'
  | 'unknown';

/**
 * Most severe first.
 *
 * @public
 */
export const PARITY_SEVERITY: Record<ParityState, number> = {
  'one-sided': 4,
  degraded: 3,
  'standby-not-ready': 2,
  unknown: 1,
  'in-parity': 0,
};

/**
 * One reason behind a parity state.
 *
 * @public
 */
export interface ParityFinding {
  state: ParityState;
  /** Machine-readable rule id, e.g. `standby-capacity`, `image-drift`. */
  rule: string;
  /** Plain-language explanation with the numbers. */
  message: string;
  /** Cluster the finding is about, when it is about one. */
  clusterId?: string;
  /** The numbers the rule compared. */
  numbers?: Record<string, number>;
}

/** @public */
export interface ParityResult {
  state: ParityState;
  /** Every finding, most severe first; empty when in parity. */
  findings: ParityFinding[];
}

/**
 * A problem with the service's DR annotations or its setup.
 *
 * @public
 */
export interface DrProblem {
  severity: 'error' | 'warning';
  /** The annotation at fault, when one is. */
  annotation?: string;
  message: string;
}

/** @public */
export interface DrHpaSummary {
  name: string;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas?: number;
  desiredReplicas?: number;
}

/**
 * One workload in one cluster.
 *
 * @public
 */
export interface DrWorkloadInCluster {
  clusterId: string;
  /** spec.replicas */
  desired: number;
  ready: number;
  available: number;
  updated: number;
  /** Container images, in container order. */
  images: string[];
  hpa?: DrHpaSummary;
}

/** @public */
export type DrWorkloadKind = 'Deployment' | 'StatefulSet';

/**
 * A workload (same kind, namespace and name in every cluster).
 *
 * @public
 */
export interface DrWorkload {
  kind: DrWorkloadKind;
  namespace: string;
  name: string;
  /** Present clusters only; a cluster missing here does not run it. */
  clusters: DrWorkloadInCluster[];
  parity: ParityResult;
}

/** @public */
export interface DrCluster {
  clusterId: string;
  name: string;
  /** The cluster's catalog entity (`resource:default/<name>`), when it has one. */
  entityRef?: string;
  /** The cluster's page in the ACK console (`ackOne.consoleUrlPattern`), when configured. */
  consoleUrl?: string;
  /** `idc` or `cloud`, when known. */
  location?: 'idc' | 'cloud';
  role: ClusterRole;
  /** Whether the backend's watches on the cluster are connected now. */
  reachable: boolean;
  /** Last time the cached data was known to be current (ISO). */
  lastSyncAt?: string;
  /** Seconds since `lastSyncAt`, when unreachable. */
  staleSeconds?: number;
  /** Why it is unreachable, in words a user can act on. */
  message?: string;
}

/** @public */
export interface DrHeaderRoute {
  header: string;
  value?: string;
  pattern?: string;
  /** Cluster the header sends traffic to; undefined: every cluster by pods. */
  clusterId?: string;
  ingress: string;
}

/**
 * Whether one cluster could take all of the service's traffic.
 *
 * @public
 */
export interface DrClusterCapacity {
  clusterId: string;
  /** Ready replicas now. */
  ready: number;
  /** Replicas it can reach: the HPA maximum when there is one, else its desired count. */
  max: number;
  /** Replicas serving the traffic now (the load a failover moves). */
  load: number;
  canCarryAllNow: boolean;
  canCarryAllAfterScaling: boolean;
}

/** @public */
export interface DrRoute {
  /** `host path` */
  id: string;
  host: string;
  path: string;
  namespace: string;
  service: string;
  ingresses: string[];
  /** Declared percentage per cluster id (pinned base and weighted canaries). */
  declared: Record<string, number>;
  /** Declared percentage that follows ready pods across clusters (unpinned base). */
  declaredByPods: number;
  /**
   * The share `declaredByPods` resolves to now, per cluster id, split by
   * ready pods (empty when nothing is ready or `declaredByPods` is 0). The
   * UI shows `declared + byPods` as "declared (split by ready pods)".
   */
  byPods: Record<string, number>;
  /** Percentage per cluster id after health-based failover (empty: nothing can serve). */
  effective: Record<string, number>;
  headerRoutes: DrHeaderRoute[];
}

/** @public */
export interface DrGateway {
  fleetId?: string;
  /** Whether the Fleet's watch is connected. */
  reachable: boolean;
  lastSyncAt?: string;
  message?: string;
  routes: DrRoute[];
  /** Problems found in the Ingresses (malformed weights and the like). */
  issues: Array<{ ingress: string; severity: string; message: string }>;
}

/**
 * The service's DR annotations, read and checked.
 *
 * @public
 */
export interface DrPolicy {
  fleet?: string;
  mode: 'active-active' | 'primary-standby';
  /** Role per cluster as written (name or id), for primary-standby. */
  roles: Record<string, ClusterRole>;
  minStandbyCapacity: number;
  rtoSeconds?: number;
  rto?: string;
  /** How workloads are found in each cluster. */
  selector: { labelSelector: string; namespace?: string };
}

/**
 * The state the summary shows, most alarming first:
 * - `site-unreachable`: the backend cannot reach a cluster of the service;
 *   everything shown for it is last-known data;
 * - `failed-over`: the gateway moved traffic away from a cluster that has
 *   declared traffic, by itself (health-based failover);
 * - otherwise the service's parity state.
 *
 * @public
 */
export type DrState = 'site-unreachable' | 'failed-over' | ParityState;

/**
 * Most severe first (the overview sorts by it).
 *
 * @public
 */
export const DR_STATE_SEVERITY: Record<DrState, number> = {
  'site-unreachable': 6,
  'failed-over': 5,
  ...PARITY_SEVERITY,
};

/**
 * The gateway serves a service from other clusters than declared.
 *
 * @public
 */
export interface DrFailedOver {
  /** Clusters with declared traffic that serve none now. */
  from: string[];
  /** Clusters serving the traffic now. */
  to: string[];
  /** When the backend first saw it (ISO); undefined if it was so at start. */
  since?: string;
}

/**
 * How urgent a warning is: `critical` warnings are announced assertively.
 *
 * @public
 */
export type DrWarningSeverity = 'critical' | 'warning' | 'info';

/**
 * A plain-language warning that says what to do about it.
 *
 * @public
 */
export interface DrWarning {
  /** Stable rule id, e.g. `site-unreachable`, `standby-capacity`, `standby-serving`. */
  id: string;
  severity: DrWarningSeverity;
  /** What is wrong, with the same numbers the tables show. */
  message: string;
  /** What to do: the field to change, the command to run, or the place to look. */
  fix?: string;
  /** Where to do it: a portal path (starting with `/`) or an external URL. */
  link?: { title: string; url: string };
  /** The cluster it is about, when it is about one. */
  clusterId?: string;
}

/**
 * An Argo CD Application of the Fleet that deploys the service.
 *
 * @public
 */
export interface DrArgoCdApplication {
  name: string;
  namespace: string;
  /** Its page in Argo CD, when `ackOne.argoCdUrlPattern` is configured. */
  url?: string;
  syncStatus?: string;
  healthStatus?: string;
}

/** @public */
export interface DrStatus {
  entityRef: string;
  generatedAt: string;
  /** The summary state (see `DrState`). */
  state: DrState;
  /** Present when the gateway moved traffic by itself. */
  failedOver?: DrFailedOver;
  policy?: DrPolicy;
  /** Blocking errors (e.g. a malformed annotation) and warnings. */
  problems: DrProblem[];
  fleet?: {
    clusterId: string;
    name: string;
    /** The Fleet's catalog entity, when it has one. */
    entityRef?: string;
  };
  /** Argo CD Applications that deploy the service, when known. */
  argoCdApplications?: DrArgoCdApplication[];
  clusters: DrCluster[];
  workloads: DrWorkload[];
  parity: ParityResult;
  gateway: DrGateway;
  capacity: DrClusterCapacity[];
  /**
   * Warnings, most important first. Never empty while a capacity row says a
   * cluster cannot carry the load, or a cluster is unreachable.
   */
  warnings: DrWarning[];
}
