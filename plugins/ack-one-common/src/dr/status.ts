import { ACK_ONE_SERVICE_ANNOTATIONS } from '../catalog';
import { GatewayIssue, GatewayRoute } from '../gateway';
import { ackOneEntityRef } from './links';
import { DrStatusMemo, failedOverOf, toDrRoute } from './statusGateway';
import {
  capacityOf,
  DrWorkloadInput,
  groupWorkloads,
  overallParity,
  readyByCluster,
} from './statusWorkloads';
import {
  ClusterRole,
  DrArgoCdApplication,
  DrCluster,
  DrFailedOver,
  DrGateway,
  DrPolicy,
  DrProblem,
  DrState,
  DrStatus,
  ParityResult,
} from './types';
import { buildWarnings } from './warnings';

export { declaredWeights, drStatusMemoOf } from './statusGateway';
export type { DrStatusMemo } from './statusGateway';
export type { DrWorkloadInput } from './statusWorkloads';

/**
 * A member cluster as the backend's cache knows it.
 *
 * @public
 */
export interface DrMemberInput {
  clusterId: string;
  name: string;
  location?: 'idc' | 'cloud';
  reachable: boolean;
  /** Last time the data was known current; undefined when never synced. */
  lastSyncAt?: Date;
  /** Why it is unreachable, in plain words. */
  message?: string;
  /** Still connecting for the first time, nothing failed yet (not a lost site). */
  connecting?: boolean;
  /** Its page in the ACK console, when a pattern is configured. */
  consoleUrl?: string;
}

/** @public */
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
  /**
   * What the caller remembered of the previous status of the service
   * (`drStatusMemoOf`), to date a failover; undefined the first time.
   */
  memo?: DrStatusMemo;
  /** The Fleet's Argo CD Applications that deploy the service, when known. */
  argoCdApplications?: DrArgoCdApplication[];
}

/**
 * Resolves the roles written in `ack-one/cluster-roles` (names or ids)
 * against the fleet's members. Unknown names become errors; members not
 * named are standbys (primary-standby) or active (active-active).
 *
 * @public
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
 *
 * @public
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

/** The members with their roles, links and data age. */
function toClusters(
  input: DrStatusInput,
  roles: Map<string, ClusterRole>,
): DrCluster[] {
  return input.members.map(m => {
    const c: DrCluster = {
      clusterId: m.clusterId,
      name: m.name,
      entityRef: ackOneEntityRef(m.name, m.clusterId),
      consoleUrl: m.consoleUrl,
      location: m.location,
      role: roles.get(m.clusterId) ?? 'standby',
      reachable: m.reachable,
      lastSyncAt: m.lastSyncAt?.toISOString(),
      staleSeconds: staleSeconds(input.now, m),
      message: m.message,
    };
    for (const k of Object.keys(c) as Array<keyof DrCluster>)
      if (c[k] === undefined) delete c[k];
    return c;
  });
}

/** The summary state: a lost site first, then a failover, else parity. */
function stateOf(
  input: DrStatusInput,
  failedOver: DrFailedOver | undefined,
  parity: ParityResult,
): DrState {
  if (input.members.some(m => !m.reachable && !m.connecting))
    return 'site-unreachable';
  if (failedOver) return 'failed-over';
  return parity.state;
}

function gatewayOf(
  input: DrStatusInput,
  routes: DrStatus['gateway']['routes'],
): DrGateway {
  return {
    fleetId: input.fleet.clusterId,
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
}

/**
 * Assembles the DR status of a service from what the backend's cache holds.
 * Pure: the same input always gives the same answer.
 *
 * @public
 */
export function buildDrStatus(input: DrStatusInput): DrStatus {
  const { policy, now } = input;
  const fleet = {
    ...input.fleet,
    entityRef: ackOneEntityRef(input.fleet.name, input.fleet.clusterId),
  };
  const { roles, problems: roleProblems } = resolveRoles(
    policy,
    input.members,
    fleet.name,
  );
  const clusters = toClusters(input, roles);
  const workloads = groupWorkloads(input.workloads, clusters, policy);
  const parity = overallParity(workloads, clusters, policy, fleet.name);
  const ready = readyByCluster(clusters, input.workloads);
  const routes = input.gateway.routes.map(r => toDrRoute(r, ready));
  const capacity = capacityOf(clusters, input.workloads, routes, ready);
  const failedOver = failedOverOf(routes, now, input.memo);
  const warnings = buildWarnings({
    entityRef: input.entityRef,
    policy,
    fleet,
    clusters,
    connecting: new Set(
      input.members.filter(m => m.connecting).map(m => m.clusterId),
    ),
    parity,
    routes,
    capacity,
    gateway: input.gateway,
  });
  const status: DrStatus = {
    entityRef: input.entityRef,
    generatedAt: now.toISOString(),
    state: stateOf(input, failedOver, parity),
    failedOver,
    policy,
    problems: [...input.problems, ...roleProblems],
    fleet: fleet.entityRef ? fleet : input.fleet,
    argoCdApplications: input.argoCdApplications,
    clusters,
    workloads,
    parity,
    gateway: gatewayOf(input, routes),
    capacity,
    warnings,
  };
  if (!failedOver) delete status.failedOver;
  if (!input.argoCdApplications) delete status.argoCdApplications;
  return status;
}
