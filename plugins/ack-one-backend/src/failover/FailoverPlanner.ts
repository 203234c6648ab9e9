import type { Entity } from '@backstage/catalog-model';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import {
  evaluateFailoverChecks,
  predictLoads,
  validateFailoverClusters,
  type FailoverCheckResult,
  type FailoverRequestInput,
  type FailoverStep,
  type SafetyCheck,
} from '@internal/plugin-ack-one-common';
import type { DrCache } from '../cache/DrCache';
import type { FailoverContext, FailoverFactsReader } from './FailoverFacts';
import type { FailoverNotice, FailoverNotifier } from './FailoverNotifier';
import { ownersOf } from './FailoverNotifier';
import { toWire, type StoredFailover } from './failoverRows';
import { planLayout } from './gatewayPlan';
import { sleep } from './verify';

/** A plan checked against its service. */
export interface EvaluatedPlan {
  entityRef: string;
  /** The steps with every member cluster named. */
  steps: FailoverStep[];
  ctx: FailoverContext;
  checks: SafetyCheck[];
  result: FailoverCheckResult;
}

/**
 * Checks a plan against its service: a DR setup that resolves, exactly two
 * member clusters, steps naming only those, routes the gateway vocabulary
 * can express (400 otherwise, naming the field), then the safety rules now.
 * Also tells the owners about a change.
 */
export class FailoverPlanner {
  constructor(
    private readonly deps: {
      facts: FailoverFactsReader;
      drCache: DrCache;
      notifier: FailoverNotifier;
      /** How long a request may wait for the first Fleet discovery after start. */
      discoveryWaitMs?: number;
    },
  ) {}

  async #ready() {
    const ctl = new AbortController();
    await Promise.race([
      this.deps.drCache.ready(),
      sleep(this.deps.discoveryWaitMs ?? 5_000, ctl.signal).catch(() => {}),
    ]);
    ctl.abort();
  }

  async evaluate(
    entity: Entity,
    input: Pick<FailoverRequestInput, 'steps' | 'warmUp'>,
    exceptId?: string,
  ): Promise<EvaluatedPlan> {
    await this.#ready();
    const entityRef = stringifyEntityRef(entity);
    const ctx = this.deps.facts.context(entity);
    const { status, location } = ctx;
    if (!status.policy || !status.fleet) {
      const problems = status.problems
        .filter(p => p.severity === 'error')
        .map(p => p.message)
        .join('; ');
      throw new InputError(
        `entityRef ${entityRef} has no usable DR setup${
          problems ? `: ${problems}` : ''
        }`,
      );
    }
    const { layout, error } = planLayout(
      location?.ingresses ?? [],
      status.clusters,
    );
    if (!layout && status.clusters.length !== 2)
      throw new InputError(`entityRef ${entityRef} cannot fail over: ${error}`);
    const steps = validateFailoverClusters(
      input.steps,
      status.clusters,
      status.fleet.name,
    );
    if (steps.error) throw new InputError(steps.error.message);
    if (!layout)
      throw new InputError(`entityRef ${entityRef} cannot fail over: ${error}`);
    const plan = { steps: steps.value, warmUp: input.warmUp };
    const facts = await this.deps.facts.facts(entityRef, ctx, { exceptId });
    const checks = evaluateFailoverChecks(plan, facts);
    return {
      entityRef,
      steps: steps.value,
      ctx,
      checks,
      result: { checks, predicted: predictLoads(plan, facts) },
    };
  }

  /** Notifies the owners (for `notice`) and signals the new state. */
  announce(
    req: StoredFailover,
    entity: Entity,
    notice: FailoverNotice,
    ctx: FailoverContext | undefined,
    why?: string,
  ): void {
    const wire = toWire(req);
    const status = ctx?.status ?? this.deps.facts.context(entity).status;
    const names = Object.fromEntries(
      status.clusters.map(c => [c.clusterId, c.name]),
    );
    this.deps.notifier.notify(wire, notice, { names, why });
    this.deps.notifier.signal(wire, ownersOf(entity));
  }
}
