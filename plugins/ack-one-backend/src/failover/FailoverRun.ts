import {
  describeFailedChecks,
  drSnapshot,
  roundTrafficSplit,
} from '@internal/plugin-ack-one-common';
import type { ServiceLocation } from '../cache/DrCache';
import { describeError } from '../cache/requests';
import { toWire } from './failoverRows';
import {
  GatewayBefore,
  IngressTarget,
  ingressKey,
  planLayout,
  recordBefore,
  targetsFor,
} from './gatewayPlan';
import { GatewayWriter, UnexpectedChangeError } from './GatewayWriter';
import {
  FailoverRunDeps,
  LostLeaseError,
  RunRecord,
  StopExecution,
  stepText,
} from './RunRecord';
import { fleetKube, memberKube } from './runClients';
import { declaredRestored, effectiveMatches, sleep, waitFor } from './verify';
import { WarmUp, warmUpReady, warmUpTargets } from './WarmUp';

export { LostLeaseError } from './RunRecord';
export type { FailoverRunDeps } from './RunRecord';

/**
 * One execution of an approved request by the instance holding its lease:
 * re-check the rules, record the Ingresses as they are, warm up, then for
 * each step re-check the rules, record that the step is being applied,
 * write it, record that it was written, and wait until the DR cache shows
 * it in effect; then complete. Any failure stops it and rolls everything
 * back to what was recorded. Every write is fenced by the lease, and each
 * step's state is recorded before and after it is applied, so an instance
 * that takes over resumes (re-checking the rules) without applying a step
 * twice: an Ingress already carrying a step's values is not written again.
 */
export class FailoverRun {
  readonly rec: RunRecord;
  #location?: ServiceLocation;
  #writer?: GatewayWriter;

  constructor(
    id: string,
    owner: string,
    private readonly deps: FailoverRunDeps,
    private readonly signal: AbortSignal,
  ) {
    this.rec = new RunRecord(id, owner, deps);
  }

  async run(): Promise<void> {
    if (!(await this.rec.load())) return;
    const { entityRef } = this.rec.req;
    if (this.rec.req.state === 'approved' && !(await this.#start())) return;
    if (this.rec.req.stopReason) {
      await this.#rollback(this.rec.req.stopReason);
      return;
    }
    try {
      if (!this.rec.entity)
        throw new StopExecution(`${entityRef} is no longer in the catalog`);
      await this.#execute();
    } catch (e) {
      if (this.signal.aborted || e instanceof LostLeaseError) throw e;
      const why =
        e instanceof StopExecution || e instanceof UnexpectedChangeError
          ? e.message
          : describeError(e);
      await this.#stop(why);
    }
  }

  async #start(): Promise<boolean> {
    if (!this.rec.entity) {
      return this.rec.transition(
        'executing',
        'execute',
        { progress: this.rec.pending() },
        this.rec.event('executing', { reason: 'execution started' }),
      );
    }
    const { status, facts, checks, snapshot } = await this.rec.checks(true);
    const ok = await this.rec.transition(
      'executing',
      'execute',
      {
        previous: roundTrafficSplit(
          status.gateway.routes[0]?.effective ?? {},
          status.clusters.map(c => c.clusterId),
        ),
        loadReplicas: facts.load,
        progress: this.rec.pending(),
      },
      this.rec.event('executing', {
        reason: 'execution started',
        checks,
        snapshot,
      }),
    );
    if (!ok) return false;
    const failed = describeFailedChecks(checks);
    if (failed) {
      await this.#stop(failed);
      return false;
    }
    return true;
  }

  async #execute() {
    if (!this.rec.req.gatewayBefore) await this.#recordBefore();
    if (this.rec.req.warmUp) await this.#warmUp();
    for (let k = 0; k < this.rec.req.steps.length; k++)
      if (this.rec.req.progress[k]?.state !== 'done') await this.#step(k);
    // From the approval, or from the window's start when it opened later.
    const { req } = this.rec;
    const decided = Math.max(
      Date.parse(req.decidedAt ?? req.requestedAt),
      Date.parse(req.window?.notBefore ?? '') || 0,
    );
    const { snapshot } = await this.rec.checks();
    const target = this.rec.req.steps[this.rec.req.steps.length - 1].weights;
    await this.rec.transition(
      'completed',
      'complete',
      {
        durationSeconds: Math.round((Date.now() - decided) / 10) / 100,
        leaseOwner: null,
        leaseUntil: null,
      },
      this.rec.event('completed', {
        reason: `${stepText(target, this.rec.names)} in effect`,
        snapshot,
      }),
    );
    this.deps.notifier.notify(toWire(this.rec.req), 'completed', {
      names: this.rec.names,
    });
  }

  #locate(): ServiceLocation {
    if (!this.rec.entity)
      throw new StopExecution(
        `${this.rec.req.entityRef} is no longer in the catalog`,
      );
    this.#location ??= this.deps.drCache.locate(this.rec.entity);
    if (!this.#location)
      throw new StopExecution(
        "the service's Fleet is not known to the DR cache (see its DR status)",
      );
    return this.#location;
  }

  #gateway(): GatewayWriter {
    this.#writer ??= new GatewayWriter({
      kube: fleetKube(this.deps, this.#locate(), this.signal),
      recheck: async () => {
        const failed = describeFailedChecks((await this.rec.checks()).checks);
        if (failed)
          throw new StopExecution(
            `after a concurrent change of the gateway: ${failed}`,
          );
      },
      beforeReplace: this.deps.beforeIngressReplace,
    });
    return this.#writer;
  }

  #warmer(): WarmUp {
    return new WarmUp(memberKube(this.deps, this.#locate(), this.signal));
  }

  /** Records the managed annotations of the Ingresses before anything is written. */
  async #recordBefore() {
    const status = this.rec.status();
    const loc = this.#locate();
    const { layout, error } = planLayout(loc.ingresses, status.clusters);
    if (!layout)
      throw new StopExecution(`the gateway cannot express the split: ${error}`);
    const writer = this.#gateway();
    const live = new Map<string, any>();
    for (const r of layout.routes)
      for (const name of [r.base, r.canary])
        live.set(
          ingressKey(r.namespace, name),
          await writer.read(r.namespace, name),
        );
    const targets = targetsFor(
      layout,
      this.rec.req.steps[0].weights,
      this.rec.id,
      (ns, n) => live.get(ingressKey(ns, n))?.metadata?.annotations,
    );
    const gatewayBefore: GatewayBefore = {
      layout,
      ingresses: recordBefore(targets, (ns, n) => live.get(ingressKey(ns, n))),
      routes: status.gateway.routes.map(r => ({
        id: r.id,
        declared: r.declared,
        declaredByPods: r.declaredByPods,
      })),
    };
    await this.rec.save({ gatewayBefore });
  }

  async #warmUp() {
    const state = this.rec.req.progress[0]?.state;
    if (state !== 'pending' && state !== 'warming-up') return;
    await this.rec.save({
      progress: this.rec.progress(0, {
        state: 'warming-up',
        startedAt: new Date().toISOString(),
      }),
    });
    const warm = this.#warmer();
    let records = this.rec.req.warmUpBefore;
    if (!records) {
      records = await warm.record(
        warmUpTargets(this.rec.status(), this.rec.req.steps),
      );
      await this.rec.save({ warmUpBefore: records });
    }
    await warm.scaleUp(records);
    const timeout = this.deps.config.warmUpTimeoutMs;
    const ready = await waitFor(
      () => warmUpReady(this.rec.status(), records!),
      timeout,
      this.signal,
      200,
    );
    const what = records
      .map(
        r =>
          `${this.rec.names[r.clusterId] ?? r.clusterId} ${r.kind} ${
            r.namespace
          }/${r.name} ${r.replicas} → ${r.target}`,
      )
      .join(', ');
    if (!ready)
      throw new StopExecution(
        `warm-up: the scaled workloads (${what}) were not ready within ${
          timeout / 1000
        } s`,
      );
    const text = records.length
      ? `warm-up: ${what} replicas ready`
      : 'warm-up: no workload needed scaling';
    await this.rec.save({ progress: this.rec.progress(0, { message: text }) }, [
      this.rec.event('executing', { step: 0, reason: text }),
    ]);
  }

  /** The managed annotations each Ingress should carry now, before step `k`. */
  #expected(
    t: IngressTarget,
    k: number,
  ): Record<string, string | undefined> | 'absent' {
    const before = this.rec.req.gatewayBefore!;
    if (k === 0) {
      const b = before.ingresses.find(
        x => x.namespace === t.namespace && x.name === t.name,
      );
      if (!b?.existed) return 'absent';
      return Object.fromEntries(b.keys.map(key => [key, b.annotations[key]]));
    }
    return this.#targets(k - 1).find(
      x => x.namespace === t.namespace && x.name === t.name,
    )!.annotations;
  }

  #targets(k: number): IngressTarget[] {
    const before = this.rec.req.gatewayBefore!;
    return targetsFor(
      before.layout,
      this.rec.req.steps[k].weights,
      this.rec.id,
      (ns, n) =>
        before.ingresses.find(x => x.namespace === ns && x.name === n)
          ?.annotations,
    );
  }

  async #step(k: number) {
    const text = stepText(this.rec.req.steps[k].weights, this.rec.names);
    await this.#pauseBefore(k);
    await this.#checkBefore(k, text);
    await this.#write(k);
    await this.#verify(k, text);
  }

  /** The pause the previous step asked for, counted from its end. */
  async #pauseBefore(k: number) {
    if (k === 0) return;
    const prev = this.rec.req.progress[k - 1];
    const pauseMs = (this.rec.req.steps[k - 1].pauseSeconds ?? 0) * 1000;
    const from = Date.parse(prev.finishedAt ?? '') || Date.now();
    await sleep(from + pauseMs - Date.now(), this.signal);
  }

  /** The safety checks again before a step: recorded, and a failure stops. */
  async #checkBefore(k: number, text: string) {
    const n = this.rec.req.steps.length;
    const { checks, snapshot } = await this.rec.checks();
    const failed = describeFailedChecks(checks);
    const event = this.rec.event('executing', {
      step: k,
      reason: `step ${k + 1} of ${n}: ${text}${
        failed ? ' refused by the safety checks' : ''
      }`,
      checks,
      snapshot,
    });
    if (failed) {
      await this.rec.save({}, [event]);
      throw new StopExecution(`before step ${k + 1}: ${failed}`);
    }
    await this.rec.save(
      {
        progress: this.rec.progress(k, {
          state: 'applying',
          startedAt: new Date().toISOString(),
        }),
      },
      [event],
    );
  }

  /** Writes the weights of a step to the Ingresses that need them. */
  async #write(k: number) {
    const writer = this.#gateway();
    let written = 0;
    for (const t of this.#targets(k))
      if ((await writer.apply(t, this.#expected(t, k))) === 'applied')
        written++;
    await this.rec.save({
      progress: this.rec.progress(k, {
        state: 'verifying',
        message: written
          ? `written to ${written} Ingress${written === 1 ? '' : 'es'}`
          : 'already written',
      }),
    });
  }

  /** Waits until the gateway shows the split of a step in effect. */
  async #verify(k: number, text: string) {
    const target = this.rec.req.steps[k].weights;
    let seen = '';
    const timeout = this.deps.config.verifyTimeoutMs;
    const ok = await waitFor(
      () => {
        const m = effectiveMatches(this.rec.status(), target);
        seen = m.seen;
        return m.ok;
      },
      timeout,
      this.signal,
    );
    if (!ok)
      throw new StopExecution(
        `step ${k + 1}: ${text} was not in effect within ${
          timeout / 1000
        } s (the gateway shows ${seen}, counting only clusters with ready replicas)`,
      );
    await this.rec.save({
      progress: this.rec.progress(k, {
        state: 'done',
        finishedAt: new Date().toISOString(),
        message: `in effect: ${seen}`,
      }),
    });
  }

  /** Records why the execution stops, then rolls back. */
  async #stop(reason: string) {
    const k = this.rec.req.progress.findIndex(p => p.state !== 'done');
    this.deps.logger.warn(
      `failover ${this.rec.id} of ${this.rec.req.entityRef} stops: ${reason}`,
    );
    await this.rec.save({
      stopReason: reason,
      ...(k >= 0
        ? {
            progress: this.rec.progress(k, {
              state: 'failed',
              finishedAt: new Date().toISOString(),
              message: reason,
            }),
          }
        : {}),
    });
    await this.#rollback(reason);
  }

  /** Restores the recorded Ingresses and replica counts, then ends as rolled-back (or failed). */
  async #rollback(reason: string) {
    const { error, notes } = await this.#restore();
    if (this.signal.aborted) throw this.signal.reason;
    const before = this.rec.req.gatewayBefore;
    if (!error && before && this.rec.entity) {
      const timeout = this.deps.config.verifyTimeoutMs;
      const shown = await waitFor(
        () => declaredRestored(this.rec.status(), before.routes),
        timeout,
        this.signal,
      );
      if (!shown)
        notes.push(
          `the DR status did not show the restored weights within ${
            timeout / 1000
          } s`,
        );
    }
    const why = error
      ? `${reason}; the rollback failed: ${
          error instanceof UnexpectedChangeError
            ? error.message
            : describeError(error)
        }`
      : [reason, ...notes].join('; ');
    await this.#endRolledBack(error ? 'failed' : 'rolled-back', why);
  }

  /** Puts the Ingresses, then the replica counts, back; the first error is kept. */
  async #restore(): Promise<{ error?: unknown; notes: string[] }> {
    const before = this.rec.req.gatewayBefore;
    const notes: string[] = [];
    let error: unknown;
    try {
      if (before?.ingresses.length) {
        const writer = this.#gateway();
        for (const b of [...before.ingresses].reverse())
          await writer.restore(b, this.rec.id);
      }
    } catch (e) {
      error = e;
    }
    try {
      if (this.rec.req.warmUpBefore?.length)
        notes.push(
          ...(await this.#warmer().restore(this.rec.req.warmUpBefore)),
        );
    } catch (e) {
      error ??= e;
    }
    return { error, notes };
  }

  /** Ends the run as rolled back (or failed), and tells the owners. */
  async #endRolledBack(to: 'failed' | 'rolled-back', why: string) {
    const progress = this.rec.req.progress.map(p =>
      p.state === 'done' || p.state === 'applying' || p.state === 'verifying'
        ? { ...p, state: 'rolled-back' as const }
        : p,
    );
    const ok = await this.rec.transition(
      to,
      to === 'failed' ? 'fail' : 'rollback',
      { progress, leaseOwner: null, leaseUntil: null },
      this.rec.event(to, {
        reason: why,
        ...(this.rec.entity ? { snapshot: drSnapshot(this.rec.status()) } : {}),
      }),
    );
    if (ok)
      this.deps.notifier.notify(toWire(this.rec.req), to, {
        names: this.rec.names,
        why,
      });
  }
}
