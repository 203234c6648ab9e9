import { randomUUID } from 'node:crypto';
import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ackOneDrStatusReadPermission,
  ackOneFailoverOverridePermission,
  ackOneFailoverRequestPermission,
  describeFailedChecks,
  drSnapshot,
  validateFailoverInput,
  type FailoverCheckResult,
  type FailoverEvent,
  type FailoverList,
  type FailoverRequest,
  type FailoverRequestInput,
} from '@internal/plugin-ack-one-common';
import type { Request } from 'express';
import { isAllowed, readEntity, requirePermission, userOf } from './access';
import {
  ANOTHER_ACTIVE,
  FailoverDecisions,
  type FailoverDecision,
} from './FailoverDecisions';
import type { FailoverNotifier } from './FailoverNotifier';
import type { EvaluatedPlan, FailoverPlanner } from './FailoverPlanner';
import { FailoverStore } from './FailoverStore';
import { StoredFailover, toWire } from './failoverRows';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface FailoverServiceDeps {
  store: FailoverStore;
  catalog: CatalogService;
  permissions: PermissionsService;
  planner: FailoverPlanner;
  notifier: FailoverNotifier;
  /** Wakes this instance's executor after an approval. */
  wake: () => void;
}

/**
 * The failover workflow behind `/v1/failovers`: validation (400 naming the
 * field), authorization (resource permissions on the service entity read
 * with the caller's credentials, and the two-person rule), the safety
 * rules (409 listing the failed ones), compare-and-set transitions, and
 * their audit events, notifications and signals.
 */
export class FailoverService {
  readonly #decisions: FailoverDecisions;

  constructor(private readonly deps: FailoverServiceDeps) {
    this.#decisions = new FailoverDecisions(deps);
  }

  async #input(body: unknown, credentials: BackstageCredentials) {
    const v = validateFailoverInput(body, new Date());
    if (v.error) throw new InputError(v.error.message);
    const entity = await readEntity(
      this.deps.catalog,
      v.value.entityRef,
      credentials,
    );
    return { input: v.value, entity, ref: stringifyEntityRef(entity) };
  }

  /** `POST /v1/failovers/checks`: evaluates without recording. */
  async checks(
    body: unknown,
    credentials: BackstageCredentials,
  ): Promise<FailoverCheckResult> {
    const { input, entity, ref } = await this.#input(body, credentials);
    await requirePermission(
      this.deps.permissions,
      ackOneDrStatusReadPermission,
      ref,
      credentials,
      'read the DR status',
    );
    return (await this.deps.planner.evaluate(entity, input)).result;
  }

  /** `POST /v1/failovers`: records a request (approved at once for an emergency). */
  async create(
    body: unknown,
    credentials: BackstageCredentials,
    request?: Request,
  ): Promise<FailoverRequest> {
    const me = userOf(credentials);
    const { input, entity, ref } = await this.#input(body, credentials);
    const emergency = !!input.emergency;
    return this.deps.notifier.audit(
      {
        transition: 'request',
        severity: emergency ? 'critical' : 'medium',
        request,
        meta: {
          entityRef: ref,
          actor: me,
          emergency,
          to: emergency ? 'approved' : 'requested',
          reason: input.reason,
        },
      },
      async () => {
        const { permissions } = this.deps;
        await requirePermission(
          permissions,
          ackOneFailoverRequestPermission,
          ref,
          credentials,
          'request a failover',
        );
        if (emergency)
          await requirePermission(
            permissions,
            ackOneFailoverOverridePermission,
            ref,
            credentials,
            'execute an emergency failover without a second approval',
          );
        const ev = await this.deps.planner.evaluate(entity, input);
        const failed = describeFailedChecks(ev.checks);
        if (failed) throw new ConflictError(failed);
        const stored = newRequest(me, input, ev);
        const inserted = await this.deps.store.insert(
          stored,
          firstEvents(stored, ev),
          { exclusive: emergency },
        );
        if (!inserted) throw new ConflictError(ANOTHER_ACTIVE(ref));
        const saved = (await this.deps.store.get(stored.id))!;
        this.deps.planner.announce(saved, entity, 'requested', ev.ctx);
        if (emergency) this.deps.wake();
        return toWire(saved);
      },
    );
  }

  /** The request and its entity, as the caller may see them (404 otherwise). */
  async #visible(id: string, credentials: BackstageCredentials) {
    if (!ID.test(id))
      throw new InputError(
        `id "${id.slice(0, 60)}" is not a failover request id`,
      );
    const notFound = new NotFoundError(
      `failover ${id} does not exist, or you may not read it`,
    );
    const req = await this.deps.store.get(id);
    if (!req) throw notFound;
    const entity = await this.deps.catalog.getEntityByRef(req.entityRef, {
      credentials,
    });
    if (!entity) throw notFound;
    const readable = await isAllowed(
      this.deps.permissions,
      ackOneDrStatusReadPermission,
      req.entityRef,
      credentials,
    );
    if (!readable) throw notFound;
    return { req, entity };
  }

  /** `GET /v1/failovers/{id}`. */
  async get(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<FailoverRequest> {
    return toWire((await this.#visible(id, credentials)).req);
  }

  /** `GET /v1/failovers?entityRef=&limit=&cursor=`: newest first. */
  async list(
    query: Record<string, unknown>,
    credentials: BackstageCredentials,
  ): Promise<FailoverList> {
    const { entityRef, limit, cursor } = query;
    if (typeof entityRef !== 'string' || !entityRef.trim())
      throw new InputError(
        'entityRef is missing; name the service, e.g. component:default/web-demo',
      );
    let n = 20;
    if (limit !== undefined) {
      n = Number(limit);
      if (typeof limit !== 'string' || !/^\d+$/.test(limit) || n < 1 || n > 100)
        throw new InputError(
          `limit is "${String(limit).slice(
            0,
            20,
          )}"; give a whole number from 1 to 100`,
        );
    }
    if (
      cursor !== undefined &&
      (typeof cursor !== 'string' || !/^\d{1,15}$/.test(cursor))
    )
      throw new InputError(
        'cursor is not one this API returned (use nextCursor of the previous page)',
      );
    const entity = await readEntity(
      this.deps.catalog,
      entityRef.trim(),
      credentials,
    );
    const ref = stringifyEntityRef(entity);
    await requirePermission(
      this.deps.permissions,
      ackOneDrStatusReadPermission,
      ref,
      credentials,
      'read the failovers',
    );
    const page = await this.deps.store.list(
      ref,
      n,
      cursor === undefined ? undefined : Number(cursor),
    );
    return {
      items: page.items.map(toWire),
      ...(page.next !== undefined ? { nextCursor: String(page.next) } : {}),
    };
  }

  /** `POST /v1/failovers/{id}/approve|reject|cancel`. */
  async decide(
    action: FailoverDecision,
    id: string,
    body: unknown,
    credentials: BackstageCredentials,
    request?: Request,
  ): Promise<FailoverRequest> {
    const me = userOf(credentials);
    const { req, entity } = await this.#visible(id, credentials);
    return this.#decisions.decide({
      action,
      req,
      entity,
      me,
      body,
      credentials,
      request,
    });
  }
}

function newRequest(
  me: string,
  input: FailoverRequestInput,
  ev: EvaluatedPlan,
): StoredFailover {
  const now = new Date().toISOString();
  const emergency = !!input.emergency;
  return {
    seq: 0,
    id: randomUUID(),
    entityRef: ev.entityRef,
    state: emergency ? 'approved' : 'requested',
    steps: ev.steps,
    reason: input.reason,
    ...(input.window ? { window: input.window } : {}),
    warmUp: !!input.warmUp,
    emergency,
    requestedBy: me,
    requestedAt: now,
    ...(emergency ? { decidedBy: me, decidedAt: now } : {}),
    progress: ev.steps.map((_, index) => ({ index, state: 'pending' })),
    events: [],
    rtoSeconds: ev.ctx.status.policy?.rtoSeconds,
    updatedAt: now,
  };
}

/** `requested` (and, for an emergency, the requester's own approval), with the checks and the DR facts. */
function firstEvents(req: StoredFailover, ev: EvaluatedPlan): FailoverEvent[] {
  const snapshot = drSnapshot(ev.ctx.status);
  const common = {
    at: req.requestedAt,
    actor: req.requestedBy,
    checks: ev.checks,
    snapshot,
  };
  const events: FailoverEvent[] = [
    { ...common, to: 'requested', reason: req.reason },
  ];
  if (req.emergency)
    events.push({
      ...common,
      from: 'requested',
      to: 'approved',
      reason: `emergency override: ${req.reason}`,
    });
  return events;
}
