import type {
  FailoverEvent,
  FailoverRequest,
  FailoverState,
  FailoverStepProgress,
  TrafficSplit,
} from '@internal/plugin-ack-one-common';
import type { GatewayBefore } from './gatewayPlan';
import type { WarmUpRecord } from './WarmUp';

/*
 * How failover requests and events map to and from their database rows and
 * the wire type.
 */
/** A request as stored: the wire shape plus what the executor keeps. */
export interface StoredFailover extends FailoverRequest {
  seq: number;
  gatewayBefore?: GatewayBefore;
  warmUpBefore?: WarmUpRecord[];
  loadReplicas?: number;
  stopReason?: string;
  leaseOwner?: string;
  leaseUntil?: number;
  updatedAt: string;
}

/** Fields a transition or an executor update may set (null clears). */
export interface FailoverPatch {
  decidedBy?: string;
  decidedAt?: string;
  previous?: TrafficSplit;
  progress?: FailoverStepProgress[];
  gatewayBefore?: GatewayBefore;
  warmUpBefore?: WarmUpRecord[];
  loadReplicas?: number;
  stopReason?: string;
  durationSeconds?: number;
  leaseOwner?: null;
  leaseUntil?: null;
}

const json = (v: unknown) => (v === undefined ? undefined : JSON.stringify(v));
const parse = <T>(v: unknown): T | undefined =>
  typeof v === 'string' && v ? (JSON.parse(v) as T) : undefined;
const opt = <T>(v: T | null | undefined): T | undefined =>
  v === null ? undefined : v;

export function patchColumns(
  p: FailoverPatch,
  now: string,
): Record<string, unknown> {
  const row: Record<string, unknown> = {
    decided_by: p.decidedBy,
    decided_at: p.decidedAt,
    previous: json(p.previous),
    progress: json(p.progress),
    gateway_before: json(p.gatewayBefore),
    warm_up_before: json(p.warmUpBefore),
    load_replicas: p.loadReplicas,
    stop_reason: p.stopReason,
    duration_seconds: p.durationSeconds,
    lease_owner: p.leaseOwner,
    lease_until: p.leaseUntil,
    updated_at: now,
  };
  for (const k of Object.keys(row)) if (row[k] === undefined) delete row[k];
  return row;
}

export function eventRow(requestId: string, e: FailoverEvent) {
  return {
    request_id: requestId,
    at: e.at,
    actor: e.actor,
    from_state: e.from ?? null,
    to_state: e.to,
    reason: e.reason ?? null,
    step: e.step ?? null,
    checks: json(e.checks) ?? null,
    snapshot: json(e.snapshot) ?? null,
  };
}

export function fromEventRow(r: any): FailoverEvent {
  return {
    at: r.at,
    actor: r.actor,
    ...(r.from_state ? { from: r.from_state } : {}),
    to: r.to_state,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.step !== null && r.step !== undefined
      ? { step: Number(r.step) }
      : {}),
    ...(r.checks ? { checks: parse(r.checks) } : {}),
    ...(r.snapshot ? { snapshot: parse(r.snapshot) } : {}),
  };
}

export function fromRow(r: any, events: FailoverEvent[]): StoredFailover {
  const window =
    r.window_not_before || r.window_not_after
      ? {
          ...(r.window_not_before ? { notBefore: r.window_not_before } : {}),
          ...(r.window_not_after ? { notAfter: r.window_not_after } : {}),
        }
      : undefined;
  const num = (v: unknown) =>
    v === null || v === undefined ? undefined : Number(v);
  return {
    seq: Number(r.seq),
    id: r.id,
    entityRef: r.entity_ref,
    state: r.state,
    steps: parse(r.steps) ?? [],
    reason: r.reason,
    ...(window ? { window } : {}),
    warmUp: Boolean(r.warm_up),
    emergency: Boolean(r.emergency),
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    decidedBy: opt(r.decided_by),
    decidedAt: opt(r.decided_at),
    previous: parse(r.previous),
    progress: parse(r.progress) ?? [],
    events,
    durationSeconds: num(r.duration_seconds),
    rtoSeconds: num(r.rto_seconds),
    gatewayBefore: parse(r.gateway_before),
    warmUpBefore: parse(r.warm_up_before),
    loadReplicas: num(r.load_replicas),
    stopReason: opt(r.stop_reason),
    leaseOwner: opt(r.lease_owner),
    leaseUntil: num(r.lease_until),
    updatedAt: r.updated_at,
  };
}

/** The wire shape of a stored request (what the executor keeps is left out). */
export function toWire(s: StoredFailover): FailoverRequest {
  const out: FailoverRequest = {
    id: s.id,
    entityRef: s.entityRef,
    state: s.state,
    steps: s.steps,
    reason: s.reason,
    warmUp: s.warmUp,
    emergency: s.emergency,
    requestedBy: s.requestedBy,
    requestedAt: s.requestedAt,
    progress: s.progress,
    events: s.events,
  };
  if (s.window) out.window = s.window;
  if (s.decidedBy) out.decidedBy = s.decidedBy;
  if (s.decidedAt) out.decidedAt = s.decidedAt;
  if (s.previous) out.previous = s.previous;
  if (s.durationSeconds !== undefined) out.durationSeconds = s.durationSeconds;
  if (s.rtoSeconds !== undefined) out.rtoSeconds = s.rtoSeconds;
  return out;
}

/** The states of a request that count as a failover having happened or being under way. */
export const LAST_FAILOVER_STATES: FailoverState[] = [
  'approved',
  'executing',
  'completed',
  'failed',
  'rolled-back',
];

/** The latest failover of an entity, as the DR overview shows it. */
export interface LastFailover {
  id: string;
  entityRef: string;
  state: FailoverState;
  reason: string;
  /** The last transition or executor write (ISO). */
  updatedAt: string;
  durationSeconds?: number;
}
