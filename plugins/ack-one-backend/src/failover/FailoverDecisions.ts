import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  ackOneFailoverApprovePermission,
  describeFailedChecks,
  drSnapshot,
  validateDecisionReason,
  type FailoverEvent,
  type FailoverRequest,
  type FailoverState,
} from '@internal/plugin-ack-one-common';
import type { Request } from 'express';
import { isAllowed, requirePermission } from './access';
import type { FailoverContext } from './FailoverFacts';
import type { FailoverNotifier } from './FailoverNotifier';
import type { FailoverPlanner } from './FailoverPlanner';
import { toWire, type StoredFailover } from './failoverRows';
import type { FailoverStore } from './FailoverStore';

export type FailoverDecision = 'approve' | 'reject' | 'cancel';

const DECISIONS: Record<
  FailoverDecision,
  { to: FailoverState; from: FailoverState[]; done: string }
> = {
  approve: { to: 'approved', from: ['requested'], done: 'approved' },
  reject: { to: 'rejected', from: ['requested'], done: 'rejected' },
  cancel: {
    to: 'cancelled',
    from: ['requested', 'approved'],
    done: 'cancelled',
  },
};

const ANOTHER_ACTIVE = (ref: string) =>
  `another failover of ${ref} is approved or executing; wait until it ends, or cancel it`;

function notDecidable(req: StoredFailover, action: FailoverDecision): string {
  const by = req.decidedBy ? ` by ${req.decidedBy}` : '';
  const d = DECISIONS[action];
  return `failover ${req.id} is ${req.state}${by}; only a ${d.from.join(
    ' or ',
  )} failover can be ${d.done}`;
}

/** A decision on a request by a user, with what it is checked against. */
interface DecideOptions {
  action: FailoverDecision;
  req: StoredFailover;
  entity: Entity;
  me: string;
  body: unknown;
  credentials: BackstageCredentials;
  /** The HTTP request, for the audit event. */
  request?: Request;
}

/**
 * Approval, rejection and cancellation: who may (approve permission, never
 * on one's own request; cancel by the requester or an approver), in which
 * state (a compare-and-set on it: of two racing decisions exactly one
 * wins, the other gets 409), and, for an approval, the safety rules again.
 */
export class FailoverDecisions {
  constructor(
    private readonly deps: {
      store: FailoverStore;
      permissions: PermissionsService;
      planner: FailoverPlanner;
      notifier: FailoverNotifier;
      wake: () => void;
    },
  ) {}

  async decide(options: DecideOptions): Promise<FailoverRequest> {
    const { action, req, me } = options;
    const d = DECISIONS[action];
    return this.deps.notifier.audit(
      {
        transition: action,
        severity: req.emergency ? 'critical' : 'medium',
        request: options.request,
        meta: {
          id: req.id,
          entityRef: req.entityRef,
          actor: me,
          from: req.state,
          to: d.to,
        },
      },
      () => this.#decide(options),
    );
  }

  async #decide(options: DecideOptions): Promise<FailoverRequest> {
    const { action, req, entity, me } = options;
    const d = DECISIONS[action];
    const reason = validateDecisionReason(options.body, action === 'reject');
    if (reason.error) throw new InputError(reason.error.message);
    await this.#mayDecide(req, me, options.credentials, action);
    if (!d.from.includes(req.state))
      throw new ConflictError(notDecidable(req, action));
    let ctx: FailoverContext | undefined;
    let checks: FailoverEvent['checks'];
    if (action === 'approve') {
      const closes = req.window?.notAfter;
      if (closes && Date.parse(closes) <= Date.now())
        throw new ConflictError(
          `failover ${req.id} can no longer be approved: its window closed at ${closes}`,
        );
      const ev = await this.deps.planner.evaluate(entity, req, req.id);
      const failed = describeFailedChecks(ev.checks);
      if (failed) throw new ConflictError(failed);
      ({ ctx, checks } = ev);
    }
    const now = new Date().toISOString();
    const event: FailoverEvent = {
      at: now,
      actor: me,
      from: req.state,
      to: d.to,
      ...(reason.value ? { reason: reason.value } : {}),
      ...(checks && ctx ? { checks, snapshot: drSnapshot(ctx.status) } : {}),
    };
    const ok = await this.deps.store.transition(
      req.id,
      [req.state],
      d.to,
      { decidedBy: me, decidedAt: now },
      event,
      undefined,
      action === 'approve' ? { exclusiveFor: req.entityRef } : {},
    );
    const saved = (await this.deps.store.get(req.id))!;
    if (!ok)
      throw new ConflictError(
        saved.state === req.state
          ? ANOTHER_ACTIVE(req.entityRef)
          : notDecidable(saved, action),
      );
    this.deps.planner.announce(
      saved,
      entity,
      d.to as 'approved' | 'rejected' | 'cancelled',
      ctx,
      reason.value ? `Reason: ${reason.value}.` : undefined,
    );
    if (action === 'approve') this.deps.wake();
    return toWire(saved);
  }

  async #mayDecide(
    req: StoredFailover,
    me: string,
    credentials: BackstageCredentials,
    action: FailoverDecision,
  ) {
    const { permissions } = this.deps;
    if (action === 'cancel') {
      if (me === req.requestedBy) return;
      if (
        await isAllowed(
          permissions,
          ackOneFailoverApprovePermission,
          req.entityRef,
          credentials,
        )
      )
        return;
      throw new NotAllowedError(
        `only the requester or an owner who may approve failovers may cancel failover ${req.id} of ${req.entityRef} (permission ${ackOneFailoverApprovePermission.name})`,
      );
    }
    await requirePermission(
      permissions,
      ackOneFailoverApprovePermission,
      req.entityRef,
      credentials,
      `${action} failovers`,
    );
    if (me === req.requestedBy)
      throw new NotAllowedError(
        action === 'approve'
          ? 'you requested this failover; another owner must approve it'
          : 'you requested this failover; cancel it instead of rejecting it',
      );
  }
}

export { ANOTHER_ACTIVE };
