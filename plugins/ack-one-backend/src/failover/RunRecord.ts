import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  drSnapshot,
  evaluateFailoverChecks,
  type FailoverEvent,
  type FailoverState,
  type FailoverStepProgress,
  type TrafficSplit,
} from '@internal/plugin-ack-one-common';
import type { AckOneService } from '@internal/plugin-ack-one-node';
import type { DrCache } from '../cache/DrCache';
import type { FailoverConfig } from './config';
import type { FailoverFactsReader } from './FailoverFacts';
import { FailoverNotifier, ownersOf } from './FailoverNotifier';
import {
  toWire,
  type FailoverPatch,
  type StoredFailover,
} from './failoverRows';
import type { FailoverStore } from './FailoverStore';

export interface FailoverRunDeps {
  store: FailoverStore;
  facts: FailoverFactsReader;
  notifier: FailoverNotifier;
  config: FailoverConfig;
  logger: LoggerService;
  catalog: CatalogService;
  auth: AuthService;
  ackOne: AckOneService;
  drCache: DrCache;
  /** Runs between reading a gateway Ingress and replacing it (a seam for tests). */
  beforeIngressReplace?: (namespace: string, name: string) => Promise<void>;
}

/** A safety rule or a verification failed: the execution stops and rolls back. */
export class StopExecution extends Error {}

/** The lease passed to another instance: this one stops without a change. */
export class LostLeaseError extends Error {
  constructor(id: string) {
    super(`the lease on failover ${id} was lost`);
    this.name = 'LostLeaseError';
  }
}

/** A split in words, e.g. `idc-k8s 0% / ack-hangzhou 100%`. */
export const stepText = (split: TrafficSplit, names: Record<string, string>) =>
  Object.entries(split)
    .map(([c, v]) => `${names[c] ?? c} ${v}%`)
    .join(' / ');

/**
 * The record of one execution as its executor sees it: the request (read
 * again after every write), its entity, the safety rules re-evaluated on
 * demand, and the executor's transitions and lease-fenced writes, each
 * audited (transitions) and signalled.
 */
export class RunRecord {
  req!: StoredFailover;
  entity?: Entity;
  owners: string[] = [];
  /** Cluster id → name, for messages. */
  names: Record<string, string> = {};

  constructor(
    readonly id: string,
    readonly owner: string,
    private readonly deps: FailoverRunDeps,
  ) {}

  /** Reads the request and its entity; false when there is nothing to execute. */
  async load(): Promise<boolean> {
    const req = await this.deps.store.get(this.id);
    if (!req || !['approved', 'executing'].includes(req.state)) return false;
    this.req = req;
    this.entity = await this.deps.catalog.getEntityByRef(req.entityRef, {
      credentials: await this.deps.auth.getOwnServiceCredentials(),
    });
    await this.deps.drCache.ready();
    if (this.entity) {
      this.owners = ownersOf(this.entity);
      this.names = Object.fromEntries(
        this.status().clusters.map(c => [c.clusterId, c.name]),
      );
    }
    return true;
  }

  /** The service's DR status now. */
  status() {
    return this.deps.drCache.getStatus(this.entity!);
  }

  /** The rules now; `freshLoad` measures the load instead of using the recorded one. */
  async checks(freshLoad = false) {
    const status = this.status();
    const ctx = { status, location: this.deps.drCache.locate(this.entity!) };
    const facts = await this.deps.facts.facts(this.req.entityRef, ctx, {
      exceptId: this.id,
      load: freshLoad ? undefined : this.req.loadReplicas,
    });
    const checks = evaluateFailoverChecks(this.req, facts);
    return { status, facts, checks, snapshot: drSnapshot(status) };
  }

  /** An event by the executor from the current state. */
  event(to: FailoverState, extra: Partial<FailoverEvent> = {}): FailoverEvent {
    return {
      at: new Date().toISOString(),
      actor: 'system',
      from: this.req.state,
      to,
      ...extra,
    };
  }

  /** A transition by the executor, audited and signalled; false when it lost the race. */
  async transition(
    to: FailoverState,
    name: string,
    patch: FailoverPatch,
    event: FailoverEvent,
  ): Promise<boolean> {
    const from = this.req.state;
    const ok = await this.deps.notifier
      .audit(
        {
          transition: name,
          severity: this.req.emergency || to === 'failed' ? 'critical' : 'high',
          meta: {
            id: this.id,
            entityRef: this.req.entityRef,
            from,
            to,
            actor: 'system',
            reason: event.reason,
            emergency: this.req.emergency,
          },
        },
        async () => {
          if (
            !(await this.deps.store.transition(
              this.id,
              [from],
              to,
              patch,
              event,
              this.owner,
            ))
          )
            throw new LostLeaseError(this.id);
          return true;
        },
      )
      .catch(e => {
        if (e instanceof LostLeaseError) return false;
        throw e;
      });
    if (ok) await this.reload();
    return ok;
  }

  /** Reads the record again and signals its state. */
  async reload() {
    const req = await this.deps.store.get(this.id);
    if (!req) throw new LostLeaseError(this.id);
    this.req = req;
    this.deps.notifier.signal(toWire(req), this.owners);
  }

  /** A lease-fenced write of the execution's record. */
  async save(patch: FailoverPatch, events: FailoverEvent[] = []) {
    if (!(await this.deps.store.update(this.id, this.owner, patch, events)))
      throw new LostLeaseError(this.id);
    await this.reload();
  }

  /** The progress with step `k` changed. */
  progress(
    k: number,
    p: Partial<FailoverStepProgress>,
  ): FailoverStepProgress[] {
    return this.req.progress.map((x, i) => (i === k ? { ...x, ...p } : x));
  }

  /** Every step pending. */
  pending(): FailoverStepProgress[] {
    return this.req.steps.map((_, index) => ({ index, state: 'pending' }));
  }
}
