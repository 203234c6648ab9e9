import { ResponseError } from '@backstage/errors';
import {
  FailoverRequest,
  FailoverState,
  FailoverStepProgress,
  SafetyCheck,
  TrafficSplit,
} from '@internal/plugin-ack-one-common';
import { StateSeverity } from '../presentation';

/** States in which a request still needs attention or is running. */
export const OPEN_FAILOVER_STATES: FailoverState[] = [
  'requested',
  'approved',
  'executing',
];

/** States in which the executor may move the gateway (poll them). */
export const ACTIVE_FAILOVER_STATES: FailoverState[] = [
  'approved',
  'executing',
];

export function isOpenFailover(request: Pick<FailoverRequest, 'state'>) {
  return OPEN_FAILOVER_STATES.includes(request.state);
}

const STATE_LABELS: Record<FailoverState, string> = {
  requested: 'Waiting for approval',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  cancelled: 'Cancelled',
  executing: 'Executing',
  completed: 'Completed',
  failed: 'Failed',
  'rolled-back': 'Rolled back',
};

const STATE_SEVERITIES: Record<FailoverState, StateSeverity> = {
  requested: 'warning',
  approved: 'warning',
  executing: 'warning',
  completed: 'ok',
  failed: 'error',
  'rolled-back': 'error',
  rejected: 'unknown',
  expired: 'unknown',
  cancelled: 'unknown',
};

export function failoverStateLabel(state: FailoverState): string {
  return STATE_LABELS[state] ?? state;
}

export function failoverStateSeverity(state: FailoverState): StateSeverity {
  return STATE_SEVERITIES[state] ?? 'unknown';
}

type StepState = FailoverStepProgress['state'];

const STEP_LABELS: Record<StepState, string> = {
  pending: 'Pending',
  'warming-up': 'Warming up',
  applying: 'Applying',
  verifying: 'Verifying',
  done: 'Done',
  failed: 'Failed',
  'rolled-back': 'Rolled back',
};

export function stepStateLabel(state: StepState): string {
  return STEP_LABELS[state] ?? state;
}

export function stepStateSeverity(state: StepState): StateSeverity {
  if (state === 'done') return 'ok';
  if (state === 'failed' || state === 'rolled-back') return 'error';
  if (state === 'pending') return 'unknown';
  return 'warning';
}

const RULE_LABELS: Record<string, string> = {
  'traffic-kept': 'Traffic kept',
  'targets-reachable': 'Targets reachable',
  capacity: 'Capacity',
  'no-other-failover': 'No other failover',
  'change-freeze': 'Change freeze',
  'gateway-listening': 'Gateway listening',
};

/** Human label of a safety rule id. */
export function ruleLabel(rule: string): string {
  return RULE_LABELS[rule] ?? rule;
}

/** The numbers behind a check: `ready 2, required 4`. */
export function formatNumbers(numbers: SafetyCheck['numbers']): string {
  return Object.entries(numbers ?? {})
    .map(([key, value]) => `${key} ${value}`)
    .join(', ');
}

/** A split in words, in the clusters' order: `idc-k8s 50% · ack-hangzhou 50%`. */
export function formatSplit(
  split: TrafficSplit | undefined,
  names: (clusterId: string) => string,
  clusterIds: string[] = [],
): string {
  if (!split) return '–';
  const ids = [
    ...clusterIds.filter(id => id in split),
    ...Object.keys(split).filter(id => !clusterIds.includes(id)),
  ];
  return ids.map(id => `${names(id)} ${split[id]}%`).join(' · ');
}

/** A duration in seconds: `45 s`, `3 min 20 s`, `1 h 5 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) {
    const rest = s % 60;
    return rest ? `${Math.floor(s / 60)} min ${rest} s` : `${s / 60} min`;
  }
  const minutes = Math.round((s % 3600) / 60);
  const hours = Math.floor(s / 3600);
  return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
}

/** The user's name from a user entity ref: `user:default/alice` → `alice`. */
export function actorName(ref: string | undefined): string {
  if (!ref) return 'unknown';
  if (ref === 'system') return 'the executor';
  return ref.replace(/^user:(default\/)?/i, '');
}

/** Whether two entity refs name the same entity (refs are case-insensitive). */
export function sameRef(a: string | undefined, b: string | undefined) {
  return Boolean(a && b && a.toLocaleLowerCase() === b.toLocaleLowerCase());
}

/**
 * The server's own words for a failed call (`body.error.message` of a
 * Backstage error response), else the error's message.
 */
export function serverMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    const message = error.body?.error?.message;
    return message || error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** The checks recorded when the request was made. */
export function checksAtRequest(
  request: FailoverRequest,
): SafetyCheck[] | undefined {
  return request.events.find(e => e.to === 'requested' && e.checks)?.checks;
}

/** The checks recorded at the latest decision (approval, rejection, start). */
export function checksAtDecision(
  request: FailoverRequest,
): SafetyCheck[] | undefined {
  const decided = request.events.filter(e => e.to !== 'requested' && e.checks);
  return decided[decided.length - 1]?.checks ?? checksAtRequest(request);
}

/**
 * What was said after the request: the reason of each later transition
 * (approval, rejection, cancellation, a stop), with who and what.
 */
export function eventNotes(
  request: FailoverRequest,
): Array<{ key: string; text: string }> {
  return request.events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => e.to !== 'requested' && e.reason)
    .map(({ e, i }) => ({
      key: `${i}`,
      text: `${failoverStateLabel(e.to)} by ${actorName(e.actor)}: ${e.reason}`,
    }));
}
