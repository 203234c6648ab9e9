/**
 * Failover requests: a planned, approved move of a service's traffic
 * between its clusters, as the `ack-one` backend stores it and
 * `/api/ack-one/v1/failovers` returns it. Plain JSON: dates are ISO strings.
 */

/**
 * - `requested`: waiting for another owner's decision;
 * - `approved`: decided, waiting for its window (or for the executor);
 * - `rejected`, `expired` (window passed, or no decision in time),
 *   `cancelled` (by the requester or an owner): ended without a change;
 * - `executing`: steps are being applied on the gateway;
 * - `completed`: every step applied and verified;
 * - `failed`: stopped, and the rollback could not restore the previous state;
 * - `rolled-back`: stopped and restored to the state before the first step.
 *
 * @public
 */
export type FailoverState =
  | 'requested'
  | 'approved'
  | 'rejected'
  | 'expired'
  | 'cancelled'
  | 'executing'
  | 'completed'
  | 'failed'
  | 'rolled-back';

/** @public */
export const FAILOVER_FINAL_STATES: FailoverState[] = [
  'rejected',
  'expired',
  'cancelled',
  'completed',
  'failed',
  'rolled-back',
];

/**
 * Share of traffic per cluster id, in percent; the shares sum to 100.
 *
 * @public
 */
export type TrafficSplit = Record<string, number>;

/**
 * One step of a plan: the split the gateway should reach at that step.
 *
 * @public
 */
export interface FailoverStep {
  /** The target split of this step. */
  weights: TrafficSplit;
  /** Pause after the step is verified, before the next one (seconds). */
  pauseSeconds?: number;
}

/**
 * What the requester asks for.
 *
 * @public
 */
export interface FailoverRequestInput {
  /** The service, e.g. `component:default/web-demo`. */
  entityRef: string;
  /** Steps in order; the last one is the target. At least one. */
  steps: FailoverStep[];
  reason: string;
  /** Optional execution window; `notBefore` must not be in the past. */
  window?: { notBefore?: string; notAfter?: string };
  /** Scale the target clusters' workloads up and wait until ready first. */
  warmUp?: boolean;
  /**
   * Emergency override: execute without a second person. Needs the
   * override permission and a reason; recorded at critical severity and
   * notified to every owner.
   */
  emergency?: boolean;
}

/**
 * One safety rule, evaluated with its numbers.
 *
 * @public
 */
export interface SafetyCheck {
  /** `traffic-kept`, `targets-reachable`, `capacity`, `no-other-failover`, `change-freeze`, `gateway-listening`. */
  rule: string;
  passed: boolean;
  /** Plain-language result with the numbers behind it. */
  message: string;
  numbers?: Record<string, number>;
  clusterId?: string;
}

/**
 * The DR facts at the moment of a transition.
 *
 * @public
 */
export interface DrSnapshot {
  parity: string;
  /** Effective weights of the service's routes, per cluster id. */
  effective: TrafficSplit;
  /** Ready replicas per cluster id (sum over the service's workloads). */
  ready: Record<string, number>;
  /** Capacity (replicas it can run) per cluster id. */
  capacity: Record<string, number>;
}

/**
 * One recorded transition: who, when, why, and what was true then.
 *
 * @public
 */
export interface FailoverEvent {
  at: string;
  /** User entity ref, or `system` for the executor. */
  actor: string;
  from?: FailoverState;
  to: FailoverState;
  reason?: string;
  /** Step the executor was at, for execution events. */
  step?: number;
  checks?: SafetyCheck[];
  snapshot?: DrSnapshot;
}

/**
 * Progress of one step during execution.
 *
 * @public
 */
export interface FailoverStepProgress {
  index: number;
  state:
    | 'pending'
    | 'warming-up'
    | 'applying'
    | 'verifying'
    | 'done'
    | 'failed'
    | 'rolled-back';
  startedAt?: string;
  finishedAt?: string;
  message?: string;
}

/** @public */
export interface FailoverRequest {
  id: string;
  entityRef: string;
  state: FailoverState;
  steps: FailoverStep[];
  reason: string;
  window?: { notBefore?: string; notAfter?: string };
  warmUp: boolean;
  emergency: boolean;
  requestedBy: string;
  requestedAt: string;
  decidedBy?: string;
  decidedAt?: string;
  /** The split before the first step (what failing back returns to). */
  previous?: TrafficSplit;
  progress: FailoverStepProgress[];
  events: FailoverEvent[];
  /**
   * From approval (or from the window's start, when it opened later) to the
   * verified target, once completed (seconds).
   */
  durationSeconds?: number;
  /** The service's `ack-one/rto` (seconds), when it has one. */
  rtoSeconds?: number;
}

/** @public */
export interface FailoverList {
  items: FailoverRequest[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

/**
 * Most steps a plan may have.
 *
 * @public
 */
export const FAILOVER_MAX_STEPS = 10;

/**
 * Longest pause a step may ask for after it is verified (seconds).
 *
 * @public
 */
export const FAILOVER_MAX_PAUSE_SECONDS = 3600;

/**
 * Longest reason accepted (characters).
 *
 * @public
 */
export const FAILOVER_MAX_REASON_LENGTH = 2000;

/**
 * The safety rules, in the order they are reported.
 *
 * @public
 */
export const FAILOVER_RULES = [
  'traffic-kept',
  'targets-reachable',
  'capacity',
  'no-other-failover',
  'change-freeze',
  'gateway-listening',
] as const;

/** @public */
export type FailoverRule = (typeof FAILOVER_RULES)[number];

/**
 * The signal channel on which every transition and step is published.
 *
 * @public
 */
export const FAILOVER_SIGNAL_CHANNEL = 'ack-one:failover';

/**
 * What a failover signal carries: poll `GET /v1/failovers/{id}` for the rest.
 *
 * @public
 */
export interface FailoverSignal {
  id: string;
  entityRef: string;
  state: FailoverState;
}

/**
 * A period in which no failover may execute (`ackOne.failover.changeFreezes`).
 *
 * @public
 */
export interface ChangeFreeze {
  /** ISO 8601 start (inclusive). */
  from: string;
  /** ISO 8601 end (exclusive). */
  to: string;
  reason: string;
}

/**
 * The load one cluster would carry under a plan.
 *
 * @public
 */
export interface FailoverPredictedLoad {
  clusterId: string;
  name: string;
  /** Share of the traffic after the last step, in percent. */
  weight: number;
  /** Ready replicas needed for the largest share the plan gives it. */
  requiredReplicas: number;
  readyReplicas: number;
  /** Replicas the cluster can reach (HPA maximum, else desired). */
  maxReplicas: number;
}

/**
 * `POST /v1/failovers/checks`: the checks evaluated now, and the predicted loads.
 *
 * @public
 */
export interface FailoverCheckResult {
  checks: SafetyCheck[];
  predicted: FailoverPredictedLoad[];
}
