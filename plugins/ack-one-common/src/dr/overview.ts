import type { ClusterRole, DrState, ParityState } from './types';

/**
 * The DR overview across services: `GET /api/ack-one/v1/overview` answers
 * it from the backend's cache in one call, for every opted-in service the
 * caller may read. Plain JSON: dates are ISO strings.
 */

/**
 * One cluster of one service in the overview.
 *
 * @public
 */
export interface DrOverviewCluster {
  clusterId: string;
  name: string;
  location?: 'idc' | 'cloud';
  role: ClusterRole;
  reachable: boolean;
  /** Ready replicas now, over the service's workloads. */
  ready: number;
  /** Replicas it can reach (HPA maxima, else desired), over the workloads. */
  max: number;
  /** Replicas serving traffic now (the load a failover moves). */
  load: number;
  canCarryAllNow: boolean;
  canCarryAllAfterScaling: boolean;
  /** Share of the service's traffic it serves now (effective %, 0-100). */
  servingPercent: number;
}

/**
 * The last failover or drill of a service.
 *
 * @public
 */
export interface DrOverviewFailover {
  requestId: string;
  /** The request's state (`completed`, `rolled-back`, `failed`, ...). */
  state: string;
  /** When it ended, or was last updated while open (ISO). */
  at: string;
  drill: boolean;
  /** Approval to verified, when completed. */
  durationSeconds?: number;
}

/**
 * One opted-in service in the overview.
 *
 * @public
 */
export interface DrOverviewRow {
  entityRef: string;
  title?: string;
  /** `spec.owner` as an entity ref. */
  owner?: string;
  /** `spec.system` as an entity ref. */
  system?: string;
  fleet?: { clusterId: string; name: string; entityRef?: string };
  state: DrState;
  parity: ParityState;
  mode?: 'active-active' | 'primary-standby';
  clusters: DrOverviewCluster[];
  /**
   * Lowest share of the load the standby clusters can carry after scaling,
   * in percent (100: fully covered); undefined for active-active or unknown.
   */
  standbyCapacityPercent?: number;
  rto?: string;
  rtoSeconds?: number;
  lastFailover?: DrOverviewFailover;
  /** The first (most important) warning's message, if any. */
  topWarning?: string;
  warningCount: number;
  /** Annotation errors that keep the service from being evaluated. */
  problemCount: number;
}

/** @public */
export interface DrOverview {
  generatedAt: string;
  items: DrOverviewRow[];
}

/**
 * What one cluster failing would do to a service.
 *
 * @public
 */
export type DrBlastImpact = 'down' | 'loses-capacity' | 'unaffected';

/** @public */
export interface DrBlastRadiusRow {
  entityRef: string;
  impact: DrBlastImpact;
  /** In plain words, with the numbers ("ack-hangzhou has 2 ready of the 6 serving now"). */
  reason: string;
}

/**
 * `GET /api/ack-one/v1/overview/blast-radius?cluster=<id>`
 *
 * @public
 */
export interface DrBlastRadius {
  clusterId: string;
  generatedAt: string;
  items: DrBlastRadiusRow[];
}
