import { ACK_ONE_SERVICE_ANNOTATIONS } from '../catalog';
import { parseLabelSelector } from './selector';
import { ClusterRole, DrPolicy, DrProblem } from './types';

/**
 * The Kubernetes plugin's own annotations, which the DR tab reuses.
 *
 * @public
 */
export const KUBERNETES_ANNOTATIONS = {
  id: 'backstage.io/kubernetes-id',
  labelSelector: 'backstage.io/kubernetes-label-selector',
  namespace: 'backstage.io/kubernetes-namespace',
} as const;

/**
 * Label the Kubernetes plugin (and our GitOps templates) put on workloads.
 *
 * @public
 */
export const KUBERNETES_ID_LABEL = 'backstage.io/kubernetes-id';

/** @public */
export const DEFAULT_MIN_STANDBY_CAPACITY = 100;

/**
 * The part of a catalog entity the DR annotations are read from.
 *
 * @public
 */
export interface DrAnnotatedEntity {
  metadata: { annotations?: Record<string, string> };
}

/**
 * Whether an entity opted in to the DR tab (it names its fleet).
 *
 * @public
 */
export function isDrEnabled(entity: DrAnnotatedEntity): boolean {
  return Boolean(
    entity.metadata.annotations?.[ACK_ONE_SERVICE_ANNOTATIONS.fleet]?.trim(),
  );
}

const NAMESPACE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CLUSTER_REF = /^[A-Za-z0-9]([A-Za-z0-9._:/-]{0,252}[A-Za-z0-9])?$/;
const ROLES: ClusterRole[] = ['primary', 'standby', 'active'];

/**
 * Parses a duration: `90s`, `5m`, `1h30m`, `2h`, `1d`, or ISO 8601 `PT5M`.
 * Returns seconds, or undefined when it is not a duration.
 *
 * @public
 */
export function parseDuration(raw: string): number | undefined {
  const s = raw.trim();
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i.exec(s);
  if (iso && s.length > 1 && !/T$/i.test(s)) {
    const [, d, h, m, sec] = iso;
    if (d || h || m || sec)
      return (
        Number(d ?? 0) * 86400 +
        Number(h ?? 0) * 3600 +
        Number(m ?? 0) * 60 +
        Number(sec ?? 0)
      );
  }
  const simple = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(s);
  if (simple && s !== '') {
    const [, d, h, m, sec] = simple;
    return (
      Number(d ?? 0) * 86400 +
      Number(h ?? 0) * 3600 +
      Number(m ?? 0) * 60 +
      Number(sec ?? 0)
    );
  }
  return undefined;
}

/**
 * Parses `active-active` or `a=primary,b=standby` (cluster names or ids).
 *
 * @public
 */
export function parseClusterRoles(raw: string): {
  mode: DrPolicy['mode'];
  roles: Record<string, ClusterRole>;
} {
  const s = raw.trim();
  if (s.toLowerCase() === 'active-active')
    return { mode: 'active-active', roles: {} };
  if (!s)
    throw new Error(
      'is empty; write "active-active" or "<cluster>=primary,<cluster>=standby"',
    );
  const roles: Record<string, ClusterRole> = {};
  for (const part of s.split(',')) {
    const m = /^\s*([^=\s]+)\s*=\s*([A-Za-z-]+)\s*$/.exec(part);
    if (!m)
      throw new Error(
        `has "${part.trim()}", which is not "<cluster>=<role>"; write "active-active" or "<cluster>=primary,<cluster>=standby"`,
      );
    const [, cluster, roleRaw] = m;
    const role = roleRaw.toLowerCase() as ClusterRole;
    if (!CLUSTER_REF.test(cluster))
      throw new Error(`names "${cluster}", which is not a cluster name or id`);
    if (!ROLES.includes(role))
      throw new Error(
        `gives cluster "${cluster}" the role "${roleRaw}"; roles are primary, standby and active`,
      );
    if (roles[cluster]) throw new Error(`names cluster "${cluster}" twice`);
    roles[cluster] = role;
  }
  const values = Object.values(roles);
  const primaries = values.filter(r => r === 'primary').length;
  if (values.every(r => r === 'active'))
    return { mode: 'active-active', roles };
  if (primaries === 0)
    throw new Error('names no primary cluster; mark one "<cluster>=primary"');
  if (values.includes('active'))
    throw new Error(
      'mixes "active" with primary/standby roles; use one scheme or the other',
    );
  if (!values.includes('standby'))
    throw new Error(
      'names no standby cluster; a service without a standby has no DR',
    );
  return { mode: 'primary-standby', roles };
}

/**
 * Parses the minimum standby capacity: an integer percentage 1-100, `%` optional.
 *
 * @public
 */
export function parseMinStandbyCapacity(raw: string): number {
  const m = /^\s*(\d{1,3})\s*%?\s*$/.exec(raw);
  const n = m ? Number(m[1]) : NaN;
  if (!m || n < 1 || n > 100)
    throw new Error(
      `is "${raw}"; write a whole percentage of the primary between 1 and 100, such as "100" or "50%"`,
    );
  return n;
}

type Annotations = Record<string, string>;

/** Collects the problems found while reading the annotations. */
class ProblemList {
  readonly problems: DrProblem[] = [];

  error(annotation: string, message: string) {
    this.problems.push({
      severity: 'error',
      annotation,
      message: `${annotation} ${message}`,
    });
  }

  warning(annotation: string, message: string) {
    this.problems.push({ severity: 'warning', annotation, message });
  }
}

/** `ack-one/fleet`: required, a Fleet name, entity ref or cluster id. */
function readFleet(a: Annotations, out: ProblemList): string | undefined {
  const annotation = ACK_ONE_SERVICE_ANNOTATIONS.fleet;
  const fleet = a[annotation]?.trim();
  if (!fleet)
    out.error(
      annotation,
      'is missing; set it to the name or cluster id of the Fleet that deploys the service',
    );
  else if (!CLUSTER_REF.test(fleet))
    out.error(
      annotation,
      `is "${fleet}", which is not a Fleet name, entity reference or cluster id`,
    );
  return fleet || undefined;
}

/** How the workloads are found: the Kubernetes plugin's own annotations. */
function readSelector(
  a: Annotations,
  out: ProblemList,
): { labelSelector?: string; namespace?: string } {
  const id = a[KUBERNETES_ANNOTATIONS.id]?.trim();
  const sel = a[KUBERNETES_ANNOTATIONS.labelSelector]?.trim();
  const namespace = a[KUBERNETES_ANNOTATIONS.namespace]?.trim() || undefined;
  let labelSelector: string | undefined;
  if (sel) {
    try {
      parseLabelSelector(sel);
      labelSelector = sel;
    } catch (e) {
      out.error(
        KUBERNETES_ANNOTATIONS.labelSelector,
        `is invalid: ${(e as Error).message}`,
      );
    }
  } else if (id) {
    if (/^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])$/.test(id))
      labelSelector = `${KUBERNETES_ID_LABEL}=${id}`;
    else
      out.error(
        KUBERNETES_ANNOTATIONS.id,
        `is "${id}", which cannot be a label value (63 letters, digits, "-", "_" or "." at most)`,
      );
  } else {
    out.problems.push({
      severity: 'error',
      annotation: KUBERNETES_ANNOTATIONS.id,
      message: `${KUBERNETES_ANNOTATIONS.id} or ${KUBERNETES_ANNOTATIONS.labelSelector} is missing; set one so the workloads can be found in each cluster`,
    });
  }
  if (namespace && !NAMESPACE.test(namespace))
    out.error(
      KUBERNETES_ANNOTATIONS.namespace,
      `is "${namespace}", which is not a Kubernetes namespace name`,
    );
  return { labelSelector, namespace };
}

/** `ack-one/cluster-roles`: active-active when not set. */
function readRoles(
  a: Annotations,
  out: ProblemList,
): Pick<DrPolicy, 'mode' | 'roles'> {
  const annotation = ACK_ONE_SERVICE_ANNOTATIONS.clusterRoles;
  const raw = a[annotation];
  if (raw === undefined) {
    out.warning(
      annotation,
      `${annotation} is not set, so every cluster is taken as active (active-active)`,
    );
    return { mode: 'active-active', roles: {} };
  }
  try {
    return parseClusterRoles(raw);
  } catch (e) {
    out.error(annotation, (e as Error).message);
    return { mode: 'active-active', roles: {} };
  }
}

/** `ack-one/min-standby-capacity` and `ack-one/rto`. */
function readTargets(
  a: Annotations,
  out: ProblemList,
): Pick<DrPolicy, 'minStandbyCapacity' | 'rto' | 'rtoSeconds'> {
  let minStandbyCapacity = DEFAULT_MIN_STANDBY_CAPACITY;
  const capRaw = a[ACK_ONE_SERVICE_ANNOTATIONS.minStandbyCapacity];
  if (capRaw !== undefined) {
    try {
      minStandbyCapacity = parseMinStandbyCapacity(capRaw);
    } catch (e) {
      out.error(
        ACK_ONE_SERVICE_ANNOTATIONS.minStandbyCapacity,
        (e as Error).message,
      );
    }
  }
  let rtoSeconds: number | undefined;
  const rto = a[ACK_ONE_SERVICE_ANNOTATIONS.rto]?.trim();
  if (rto !== undefined) {
    rtoSeconds = parseDuration(rto);
    if (rtoSeconds === undefined || rtoSeconds <= 0)
      out.error(
        ACK_ONE_SERVICE_ANNOTATIONS.rto,
        `is "${rto}"; write a duration such as "90s", "5m", "1h30m" or "PT5M"`,
      );
  }
  return { minStandbyCapacity, rto, rtoSeconds };
}

/**
 * Reads a service's DR opt-in annotations. Never throws: each malformed
 * value becomes a problem naming the annotation, and `policy` is undefined
 * when an error leaves the tab nothing sound to show.
 *
 * @public
 */
export function parseDrAnnotations(entity: DrAnnotatedEntity): {
  policy?: DrPolicy;
  problems: DrProblem[];
} {
  const a = entity.metadata.annotations ?? {};
  const out = new ProblemList();
  const fleet = readFleet(a, out);
  const { labelSelector, namespace } = readSelector(a, out);
  const { mode, roles } = readRoles(a, out);
  const { minStandbyCapacity, rto, rtoSeconds } = readTargets(a, out);
  const { problems } = out;
  if (problems.some(p => p.severity === 'error') || !fleet || !labelSelector)
    return { problems };
  return {
    policy: {
      fleet,
      mode,
      roles,
      minStandbyCapacity,
      rtoSeconds,
      rto,
      selector: { labelSelector, namespace },
    },
    problems,
  };
}
