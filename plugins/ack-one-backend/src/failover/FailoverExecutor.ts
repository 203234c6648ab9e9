import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { toWire } from './failoverRows';
import { ownersOf } from './FailoverNotifier';
import { FailoverRun, FailoverRunDeps, LostLeaseError } from './FailoverRun';

function duration(ms: number): string {
  if (ms >= 3_600_000) return `${Math.round(ms / 360_000) / 10} h`;
  if (ms >= 60_000) return `${Math.round(ms / 6_000) / 10} min`;
  return `${Math.round(ms / 100) / 10} s`;
}

interface Running {
  controller: AbortController;
  done: Promise<void>;
}

/**
 * Runs in every backend instance: looks for approved (or interrupted)
 * requests every `pollIntervalMs`, and at once when woken by a decision
 * made here. A request is executed by exactly one instance, the one whose
 * compare-and-set claim of its lease (`lease_owner`, `lease_until`) wins;
 * the lease is renewed while it runs, and given back when it ends or the
 * instance shuts down, so another instance resumes it from its record.
 * Requests past their decision time or window expire here too.
 */
export class FailoverExecutor {
  /** This instance's name in leases. */
  readonly owner = `${os.hostname().slice(0, 40)}-${randomUUID().slice(0, 8)}`;
  readonly #deps: FailoverRunDeps;
  readonly #running = new Map<string, Running>();
  #timer?: NodeJS.Timeout;
  #ticking?: Promise<void>;
  #again = false;
  #stopped = true;

  constructor(deps: FailoverRunDeps) {
    this.#deps = deps;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule();
    this.wake();
  }

  /** Looks for work now (after a request was approved here). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#ticking) {
      this.#again = true;
      return;
    }
    this.#ticking = this.#tick()
      .catch(e =>
        this.#deps.logger.warn(`failover executor: ${(e as Error).message}`),
      )
      .finally(() => {
        this.#ticking = undefined;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** Stops looking for work, interrupts the executions and gives their leases back. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    for (const r of this.#running.values())
      r.controller.abort(new Error('the backend is shutting down'));
    await Promise.race([
      Promise.allSettled([
        this.#ticking,
        ...[...this.#running.values()].map(r => r.done),
      ]),
      new Promise(resolve => setTimeout(resolve, 10_000).unref?.()),
    ]);
  }

  /** Ids this instance is executing (diagnostics, tests). */
  executing(): string[] {
    return [...this.#running.keys()];
  }

  #schedule() {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.wake();
      this.#schedule();
    }, this.#deps.config.pollIntervalMs);
    this.#timer.unref?.();
  }

  async #tick() {
    await this.#expire();
    const { store, config } = this.#deps;
    for (const id of await store.claimable(Date.now())) {
      if (this.#stopped) return;
      if (this.#running.has(id)) continue;
      if (!(await store.claim(id, this.owner, Date.now(), config.leaseMs)))
        continue;
      this.#launch(id);
    }
  }

  #launch(id: string) {
    const { store, config, logger } = this.#deps;
    const controller = new AbortController();
    const heartbeat = setInterval(() => {
      store.heartbeat(id, this.owner, Date.now(), config.leaseMs).then(
        held => {
          if (!held) controller.abort(new LostLeaseError(id));
        },
        e => logger.warn(`failover ${id}: lease renewal failed: ${e}`),
      );
    }, Math.max(100, config.leaseMs / 3));
    const run = new FailoverRun(id, this.owner, this.#deps, controller.signal);
    const done = run
      .run()
      .catch(e => {
        if (!controller.signal.aborted && !(e instanceof LostLeaseError))
          logger.error(`failover ${id} could not run: ${(e as Error).message}`);
        else logger.info(`failover ${id} interrupted: ${(e as Error).message}`);
      })
      .finally(async () => {
        clearInterval(heartbeat);
        await store.release(id, this.owner).catch(() => {});
        this.#running.delete(id);
        // the request may have more to do (a window, a resumption)
        if (!this.#stopped) this.wake();
      });
    this.#running.set(id, { controller, done });
  }

  async #expire() {
    const { store, config, notifier, catalog, auth } = this.#deps;
    const now = new Date();
    const cutoff = new Date(now.getTime() - config.requestExpiryMs);
    for (const r of await store.expirable(
      now.toISOString(),
      cutoff.toISOString(),
    )) {
      const windowClosed =
        r.window?.notAfter && Date.parse(r.window.notAfter) < now.getTime();
      const reason = windowClosed
        ? `its window closed at ${r.window!.notAfter} before it ${
            r.state === 'requested' ? 'was decided' : 'could start'
          }`
        : `it was not decided within ${duration(config.requestExpiryMs)}`;
      const event = {
        at: now.toISOString(),
        actor: 'system',
        from: r.state,
        to: 'expired' as const,
        reason,
      };
      const ok = await notifier
        .audit(
          {
            transition: 'expire',
            severity: 'low',
            meta: {
              id: r.id,
              entityRef: r.entityRef,
              from: r.state,
              to: 'expired',
              reason,
            },
          },
          () => store.transition(r.id, [r.state], 'expired', {}, event),
        )
        .catch(() => false);
      if (!ok) continue;
      const entity = await catalog
        .getEntityByRef(r.entityRef, {
          credentials: await auth.getOwnServiceCredentials(),
        })
        .catch(() => undefined);
      const wire = { ...toWire(r), state: 'expired' as const };
      notifier.notify(wire, 'expired', { why: `Reason: ${reason}.` });
      notifier.signal(wire, entity ? ownersOf(entity) : []);
    }
  }
}
