import {
  resolvePackagePath,
  type DatabaseService,
} from '@backstage/backend-plugin-api';
import type {
  FailoverEvent,
  FailoverState,
} from '@internal/plugin-ack-one-common';
import {
  eventRow,
  fromEventRow,
  fromRow,
  LAST_FAILOVER_STATES,
  patchColumns,
  type FailoverPatch,
  type LastFailover,
  type StoredFailover,
} from './failoverRows';

type Knex = Awaited<ReturnType<DatabaseService['getClient']>>;
type Query = ReturnType<Knex['queryBuilder']>;

const REQUESTS = 'failover_requests';
const EVENTS = 'failover_events';

/**
 * Failover requests and their transitions in the plugin's database. Every
 * state change is a compare-and-set on the current state; every executor
 * write is fenced by its lease, so a stale executor cannot write.
 */
export class FailoverStore {
  readonly #db: Knex;

  private constructor(db: Knex) {
    this.#db = db;
  }

  static async create(database: DatabaseService): Promise<FailoverStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip)
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-ack-one-backend',
          'migrations',
        ),
      });
    return new FailoverStore(db);
  }

  /**
   * Inserts a request with its first events. With `exclusive`, only when no
   * other request of the entity is approved or executing (false otherwise).
   */
  async insert(
    req: StoredFailover,
    events: FailoverEvent[],
    options: { exclusive?: boolean } = {},
  ): Promise<boolean> {
    return this.#db.transaction(async trx => {
      if (options.exclusive && (await this.#busy(trx, req.entityRef, req.id)))
        return false;
      await trx(REQUESTS).insert({
        id: req.id,
        entity_ref: req.entityRef,
        state: req.state,
        steps: JSON.stringify(req.steps),
        reason: req.reason,
        window_not_before: req.window?.notBefore ?? null,
        window_not_after: req.window?.notAfter ?? null,
        warm_up: req.warmUp,
        emergency: req.emergency,
        requested_by: req.requestedBy,
        requested_at: req.requestedAt,
        decided_by: req.decidedBy ?? null,
        decided_at: req.decidedAt ?? null,
        progress: JSON.stringify(req.progress),
        rto_seconds: req.rtoSeconds ?? null,
        updated_at: req.updatedAt,
      });
      for (const e of events) await trx(EVENTS).insert(eventRow(req.id, e));
      return true;
    });
  }

  /**
   * Whether another request of the entity is approved or executing. On
   * PostgreSQL the entity's rows are locked first, so two transactions that
   * would each make a request active for the same entity run one after the
   * other (SQLite runs one transaction at a time anyway).
   */
  async #busy(trx: Knex, entityRef: string, exceptId: string) {
    if (this.#db.client.config.client === 'pg')
      await trx(REQUESTS)
        .where({ entity_ref: entityRef })
        .select('id')
        .forUpdate();
    const other = await trx(REQUESTS)
      .where({ entity_ref: entityRef })
      .whereIn('state', ['approved', 'executing'])
      .whereNot({ id: exceptId })
      .first('id');
    return !!other;
  }

  async get(id: string): Promise<StoredFailover | undefined> {
    const row = await this.#db(REQUESTS).where({ id }).first();
    if (!row) return undefined;
    const events = await this.#db(EVENTS)
      .where({ request_id: id })
      .orderBy('seq', 'asc');
    return fromRow(row, events.map(fromEventRow));
  }

  /** A page of the entity's requests, newest first; `before` is the cursor. */
  async list(
    entityRef: string,
    limit: number,
    before?: number,
  ): Promise<{ items: StoredFailover[]; next?: number }> {
    let q = this.#db(REQUESTS).where({ entity_ref: entityRef });
    if (before !== undefined) q = q.where('seq', '<', before);
    const rows = await q.orderBy('seq', 'desc').limit(limit + 1);
    const page = rows.slice(0, limit);
    const events = page.length
      ? await this.#db(EVENTS)
          .whereIn(
            'request_id',
            page.map(r => r.id),
          )
          .orderBy('seq', 'asc')
      : [];
    const byRequest = new Map<string, FailoverEvent[]>();
    for (const e of events) {
      const list = byRequest.get(e.request_id) ?? [];
      list.push(fromEventRow(e));
      byRequest.set(e.request_id, list);
    }
    return {
      items: page.map(r => fromRow(r, byRequest.get(r.id) ?? [])),
      next: rows.length > limit ? Number(page[page.length - 1].seq) : undefined,
    };
  }

  /** The entity's requests that are approved or executing (not `exceptId`). */
  async active(
    entityRef: string,
    exceptId?: string,
  ): Promise<Array<{ id: string; state: FailoverState }>> {
    let q = this.#db(REQUESTS)
      .where({ entity_ref: entityRef })
      .whereIn('state', ['approved', 'executing']);
    if (exceptId) q = q.whereNot({ id: exceptId });
    const rows = await q.select('id', 'state').orderBy('seq', 'asc');
    return rows.map(r => ({ id: r.id, state: r.state }));
  }

  /**
   * Moves a request from one of `from` to `to` if it is still there (and,
   * with `owner`, only while that executor holds its lease; with
   * `exclusiveFor`, only while no other request of that entity is approved
   * or executing), recording the event. Returns false when it is not.
   */
  async transition(
    id: string,
    from: FailoverState[],
    to: FailoverState,
    patch: FailoverPatch,
    event: FailoverEvent,
    owner?: string,
    options: { exclusiveFor?: string } = {},
  ): Promise<boolean> {
    return this.#db.transaction(async trx => {
      if (
        options.exclusiveFor &&
        (await this.#busy(trx, options.exclusiveFor, id))
      )
        return false;
      let q = trx(REQUESTS).where({ id }).whereIn('state', from);
      if (owner) q = q.where({ lease_owner: owner });
      const n = await q.update({
        ...patchColumns(patch, event.at),
        state: to,
      });
      if (n !== 1) return false;
      await trx(EVENTS).insert(eventRow(id, event));
      return true;
    });
  }

  /**
   * An executor's write on a request it executes, fenced by its lease.
   * Returns false when the lease is no longer its own.
   */
  async update(
    id: string,
    owner: string,
    patch: FailoverPatch,
    events: FailoverEvent[] = [],
  ): Promise<boolean> {
    const now = new Date().toISOString();
    return this.#db.transaction(async trx => {
      const n = await trx(REQUESTS)
        .where({ id, lease_owner: owner, state: 'executing' })
        .update(patchColumns(patch, now));
      if (n !== 1) return false;
      for (const e of events) await trx(EVENTS).insert(eventRow(id, e));
      return true;
    });
  }

  /** Requests an executor may take now: approved or executing, lease free or expired, window open. */
  async claimable(nowMs: number): Promise<string[]> {
    const nowIso = new Date(nowMs).toISOString();
    const rows = await this.#db(REQUESTS)
      .whereIn('state', ['approved', 'executing'])
      .where(q => q.whereNull('lease_until').orWhere('lease_until', '<', nowMs))
      .where(q =>
        q
          .whereNull('window_not_before')
          .orWhere('window_not_before', '<=', nowIso),
      )
      .select('id')
      .orderBy('seq', 'asc')
      .limit(20);
    return rows.map(r => r.id);
  }

  /** Takes the lease of a request when it is free or expired (compare-and-set). */
  async claim(
    id: string,
    owner: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<boolean> {
    return this.#setLease(id, owner, nowMs + leaseMs, q =>
      q
        .whereIn('state', ['approved', 'executing'])
        .where(free =>
          free
            .whereNull('lease_until')
            .orWhere('lease_until', '<', nowMs)
            .orWhere({ lease_owner: owner }),
        ),
    );
  }

  /** Extends a lease still held; false when it was lost. */
  async heartbeat(
    id: string,
    owner: string,
    nowMs: number,
    leaseMs: number,
  ): Promise<boolean> {
    const held = (q: Query) => q.where({ lease_owner: owner });
    return this.#setLease(id, owner, nowMs + leaseMs, held);
  }

  /** Sets the lease of the request `id` where `when` matches; true when set. */
  async #setLease(
    id: string,
    owner: string,
    until: number,
    when: (q: Query) => Query,
  ): Promise<boolean> {
    const n = await when(this.#db(REQUESTS).where({ id })).update({
      lease_owner: owner,
      lease_until: until,
    });
    return n === 1;
  }

  /** Gives a lease back, so another instance can take over at once. */
  async release(id: string, owner: string): Promise<void> {
    await this.#db(REQUESTS)
      .where({ id, lease_owner: owner })
      .update({ lease_owner: null, lease_until: null });
  }

  /**
   * Requests that should expire at `nowIso`: undecided and requested before
   * `requestedBefore`, or not started and past their window.
   */
  async expirable(
    nowIso: string,
    requestedBefore: string,
  ): Promise<StoredFailover[]> {
    const rows = await this.#db(REQUESTS)
      .where(q =>
        q
          .where(r =>
            r
              .where({ state: 'requested' })
              .where('requested_at', '<', requestedBefore),
          )
          .orWhere(r =>
            r
              .whereIn('state', ['requested', 'approved'])
              .whereNotNull('window_not_after')
              .where('window_not_after', '<', nowIso),
          ),
      )
      .orderBy('seq', 'asc')
      .limit(50);
    return rows.map(r => fromRow(r, []));
  }

  /**
   * The latest request of each entity that was approved or went further
   * (executing, completed, failed, rolled back), in one query; entities
   * without one are absent.
   */
  async lastPerEntity(): Promise<Map<string, LastFailover>> {
    const latest = this.#db(REQUESTS)
      .whereIn('state', LAST_FAILOVER_STATES)
      .groupBy('entity_ref')
      .max('seq');
    const rows = await this.#db(REQUESTS)
      .whereIn('seq', latest)
      .select(
        'id',
        'entity_ref',
        'state',
        'reason',
        'updated_at',
        'duration_seconds',
      );
    return new Map(
      rows.map(r => [
        r.entity_ref,
        {
          id: r.id,
          entityRef: r.entity_ref,
          state: r.state,
          reason: r.reason,
          updatedAt: r.updated_at,
          durationSeconds:
            r.duration_seconds === null || r.duration_seconds === undefined
              ? undefined
              : Number(r.duration_seconds),
        },
      ]),
    );
  }
}
