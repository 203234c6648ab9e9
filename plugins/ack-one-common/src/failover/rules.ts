import { maxReplicasOf } from '../dr/parity';
import type { DrStatus } from '../dr/types';
import type {
  ChangeFreeze,
  DrSnapshot,
  FailoverPredictedLoad,
  FailoverState,
  FailoverStep,
  SafetyCheck,
  TrafficSplit,
} from './types';

/**
 * The safety rules of a failover, as pure functions of the facts at one
 * moment. They run when a request is made, when it is approved, and again
 * right before each step is applied.
 *
 * Capacity formula. The *load* is the number of replicas that carry the
 * service's traffic now: the desired replicas (spec.replicas, summed over
 * the service's workloads) of every cluster whose effective gateway share is
 * above 0 (every cluster, when none serves). A cluster that is to carry a
 * share `s` (percent; the largest share the plan gives it) needs
 *
 *     required = ceil(load × s / 100 × minStandbyCapacity / 100)
 *
 * ready replicas, `minStandbyCapacity` being the service's
 * `ack-one/min-standby-capacity` (default 100). Without warm-up its ready
 * replicas must reach `required`; with warm-up, the replicas it can scale to
 * (HPA maximum, else desired) must. During an execution the load is the one
 * measured when the execution started, so replicas added by warm-up do not
 * raise the bar for the next steps.
 */

/**
 * One member cluster, with the service's replicas there (summed over workloads).
 *
 * @public
 */
export interface FailoverClusterFacts {
  clusterId: string;
  name: string;
  reachable: boolean;
  message?: string;
  desired: number;
  ready: number;
  /** HPA maximum, else desired (summed). */
  max: number;
}

/**
 * What the rules need to know, at one moment.
 *
 * @public
 */
export interface FailoverFacts {
  now: Date;
  clusters: FailoverClusterFacts[];
  /** Effective gateway split now (the service's first route); empty when nothing serves. */
  current: TrafficSplit;
  minStandbyCapacity: number;
  /** Replicas that carry the traffic (see the capacity formula). */
  load: number;
  /** Other requests of the service that are approved or executing. */
  otherActive: Array<{ id: string; state: FailoverState }>;
  freezes: ChangeFreeze[];
  /** The Fleet gateway serving the service; `status` undefined when unknown. */
  gateway: { name?: string; status?: string; message?: string };
}

/**
 * The plan the rules judge.
 *
 * @public
 */
export interface FailoverPlan {
  steps: FailoverStep[];
  warmUp?: boolean;
}

const pct = (n: number) => `${Math.round(n * 10) / 10}%`;

/**
 * Integer percentages summing to 100 (largest remainder), from any split;
 * every cluster of `clusterIds` is named (0 when it gets nothing).
 *
 * @public
 */
export function roundTrafficSplit(
  split: TrafficSplit,
  clusterIds: string[] = [],
): TrafficSplit {
  const entries = Object.entries(split).filter(([, v]) => v > 0);
  const total = entries.reduce((a, [, v]) => a + v, 0);
  if (total <= 0) return {};
  const exact = entries.map(([k, v]) => ({ k, x: (v * 100) / total }));
  const out: TrafficSplit = {};
  let used = 0;
  for (const e of exact) used += out[e.k] = Math.floor(e.x);
  exact
    .sort((a, b) => b.x - Math.floor(b.x) - (a.x - Math.floor(a.x)))
    .slice(0, 100 - used)
    .forEach(e => out[e.k]++);
  for (const k of [...Object.keys(split), ...clusterIds]) out[k] ??= 0;
  return out;
}

/**
 * Replicas that carry the traffic now (see the capacity formula).
 *
 * @public
 */
export function serviceLoad(
  current: TrafficSplit,
  clusters: Pick<FailoverClusterFacts, 'clusterId' | 'desired'>[],
): number {
  const serving = clusters.filter(c => (current[c.clusterId] ?? 0) > 0);
  return (serving.length ? serving : clusters).reduce(
    (a, c) => a + c.desired,
    0,
  );
}

/**
 * Ready replicas a cluster needs to carry `share` percent of a `load`.
 *
 * @public
 */
export function requiredReplicas(
  load: number,
  share: number,
  minStandbyCapacity: number,
): number {
  if (share <= 0 || load <= 0) return 0;
  // Whole numbers: the division by 10,000 of a multiple of it is exact.
  return Math.ceil((load * share * minStandbyCapacity) / 10_000);
}

/**
 * The largest share each cluster gets in any step of the plan.
 *
 * @public
 */
export function maxShares(steps: FailoverStep[]): TrafficSplit {
  const out: TrafficSplit = {};
  for (const s of steps)
    for (const [c, v] of Object.entries(s.weights))
      out[c] = Math.max(out[c] ?? 0, v);
  return out;
}

/**
 * The facts of a DR status, with the rest given by the caller.
 *
 * @public
 */
export function factsFromDrStatus(
  status: DrStatus,
  extra: Omit<
    FailoverFacts,
    'clusters' | 'current' | 'minStandbyCapacity' | 'load'
  > & {
    load?: number;
  },
): FailoverFacts {
  const clusters: FailoverClusterFacts[] = status.clusters.map(c => {
    const facts = { desired: 0, ready: 0, max: 0 };
    for (const w of status.workloads)
      for (const wc of w.clusters)
        if (wc.clusterId === c.clusterId) {
          facts.desired += wc.desired;
          facts.ready += wc.ready;
          facts.max += maxReplicasOf(wc);
        }
    return {
      clusterId: c.clusterId,
      name: c.name,
      reachable: c.reachable,
      message: c.message,
      ...facts,
    };
  });
  const current = roundTrafficSplit(
    status.gateway.routes[0]?.effective ?? {},
    clusters.map(c => c.clusterId),
  );
  return {
    ...extra,
    clusters,
    current,
    minStandbyCapacity: status.policy?.minStandbyCapacity ?? 100,
    load: extra.load ?? serviceLoad(current, clusters),
  };
}

/**
 * The DR facts worth recording with a transition.
 *
 * @public
 */
export function drSnapshot(status: DrStatus): DrSnapshot {
  const ready: Record<string, number> = {};
  const max: Record<string, number> = {};
  for (const c of status.capacity) {
    ready[c.clusterId] = c.ready;
    max[c.clusterId] = c.max;
  }
  return {
    parity: status.parity.state,
    effective: { ...(status.gateway.routes[0]?.effective ?? {}) },
    ready,
    capacity: max,
  };
}

function names(list: FailoverClusterFacts[]): string {
  const n = list.map(c => c.name);
  return n.length <= 1
    ? n.join('')
    : `${n.slice(0, -1).join(', ')} and ${n[n.length - 1]}`;
}

function trafficKept(plan: FailoverPlan, facts: FailoverFacts): SafetyCheck {
  const byId = new Map(facts.clusters.map(c => [c.clusterId, c]));
  for (let i = 0; i < plan.steps.length; i++) {
    const carrying = Object.entries(plan.steps[i].weights)
      .filter(([, v]) => v > 0)
      .map(([c]) => byId.get(c))
      .filter((c): c is FailoverClusterFacts => !!c);
    const keepers = carrying.filter(c =>
      plan.warmUp ? Math.max(c.ready, c.max) > 0 : c.ready > 0,
    );
    if (keepers.length === 0)
      return {
        rule: 'traffic-kept',
        passed: false,
        message: `Step ${i + 1} sends all traffic to ${
          names(carrying) || 'no cluster'
        }, where no replica of the service is ${
          plan.warmUp ? 'ready or can be started' : 'ready'
        }: nothing would serve it.`,
        numbers: {
          step: i + 1,
          clustersWithTraffic: carrying.length,
          clustersServing: 0,
        },
      };
  }
  return {
    rule: 'traffic-kept',
    passed: true,
    message: `Every step (${plan.steps.length}) keeps the traffic on a cluster that runs the service.`,
    numbers: { steps: plan.steps.length },
  };
}

function targetsReachable(
  targets: FailoverClusterFacts[],
  shares: TrafficSplit,
): SafetyCheck[] {
  return targets.map(c => ({
    rule: 'targets-reachable',
    passed: c.reachable,
    clusterId: c.clusterId,
    message: c.reachable
      ? `${c.name}, which will carry up to ${pct(
          shares[c.clusterId],
        )} of the traffic, is reachable.`
      : `${c.name}, which would carry up to ${pct(
          shares[c.clusterId],
        )} of the traffic, is unreachable${
          c.message ? ` (${c.message})` : ''
        }.`,
    numbers: { share: shares[c.clusterId], reachable: c.reachable ? 1 : 0 },
  }));
}

function capacity(
  targets: FailoverClusterFacts[],
  shares: TrafficSplit,
  plan: FailoverPlan,
  facts: FailoverFacts,
): SafetyCheck[] {
  const msc = facts.minStandbyCapacity;
  return targets.map(c => {
    const share = shares[c.clusterId];
    const required = requiredReplicas(facts.load, share, msc);
    const reach = Math.max(c.ready, c.max);
    const have = plan.warmUp ? reach : c.ready;
    const passed = have >= required;
    const need = `it needs ${required} ready replica${
      required === 1 ? '' : 's'
    } (a load of ${facts.load} × ${pct(
      share,
    )} of the traffic × ${msc}% minimum capacity)`;
    let message: string;
    if (passed)
      message = `${c.name} can carry ${pct(
        share,
      )} of the traffic: ${need}, and has ${c.ready} ready${
        plan.warmUp && c.ready < required
          ? `; warm-up scales it to ${required}`
          : ''
      }.`;
    else if (plan.warmUp)
      message = `${c.name} cannot carry ${pct(
        share,
      )} of the traffic: ${need}, and can scale to ${reach} at most (HPA maximum, else its desired count).`;
    else
      message = `${c.name} cannot carry ${pct(
        share,
      )} of the traffic: ${need}, and has ${c.ready} ready${
        reach >= required
          ? `; with warm-up it could scale to ${reach}`
          : `; it can scale to ${reach} at most`
      }.`;
    return {
      rule: 'capacity',
      passed,
      clusterId: c.clusterId,
      message,
      numbers: {
        share,
        load: facts.load,
        minStandbyCapacity: msc,
        required,
        ready: c.ready,
        max: reach,
      },
    };
  });
}

function noOtherFailover(facts: FailoverFacts): SafetyCheck {
  const [other] = facts.otherActive;
  return other
    ? {
        rule: 'no-other-failover',
        passed: false,
        message: `Another failover of this service is ${other.state} (request ${other.id}); wait until it ends, or cancel it.`,
        numbers: { active: facts.otherActive.length },
      }
    : {
        rule: 'no-other-failover',
        passed: true,
        message: 'No other failover of this service is approved or executing.',
        numbers: { active: 0 },
      };
}

function changeFreeze(facts: FailoverFacts): SafetyCheck {
  const t = facts.now.getTime();
  const active = facts.freezes.filter(
    f => Date.parse(f.from) <= t && t < Date.parse(f.to),
  );
  if (!active.length)
    return {
      rule: 'change-freeze',
      passed: true,
      message: 'No change freeze is in force.',
      numbers: { active: 0 },
    };
  const f = active[0];
  return {
    rule: 'change-freeze',
    passed: false,
    message: `A change freeze is in force from ${f.from} until ${f.to}: ${f.reason}.`,
    numbers: {
      active: active.length,
      minutesLeft: Math.ceil((Date.parse(f.to) - t) / 60_000),
    },
  };
}

function gatewayListening(facts: FailoverFacts): SafetyCheck {
  const { name, status, message } = facts.gateway;
  const gw = name ? `The Fleet gateway ${name}` : 'The Fleet gateway';
  if (status === 'Listening')
    return {
      rule: 'gateway-listening',
      passed: true,
      message: `${gw} is Listening.`,
    };
  return {
    rule: 'gateway-listening',
    passed: false,
    message: status
      ? `${gw} is ${status}, not Listening: it would not apply the new weights.`
      : message ??
        "No multi-cluster gateway (MseIngressConfig) of the Fleet serves the service's Ingresses.",
  };
}

/**
 * Every safety check of a plan, in the order of `FAILOVER_RULES`.
 *
 * @public
 */
export function evaluateFailoverChecks(
  plan: FailoverPlan,
  facts: FailoverFacts,
): SafetyCheck[] {
  const shares = maxShares(plan.steps);
  const targets = facts.clusters.filter(c => (shares[c.clusterId] ?? 0) > 0);
  return [
    trafficKept(plan, facts),
    ...targetsReachable(targets, shares),
    ...capacity(targets, shares, plan, facts),
    noOtherFailover(facts),
    changeFreeze(facts),
    gatewayListening(facts),
  ];
}

/**
 * The load each cluster would carry under the plan.
 *
 * @public
 */
export function predictLoads(
  plan: FailoverPlan,
  facts: FailoverFacts,
): FailoverPredictedLoad[] {
  const shares = maxShares(plan.steps);
  const last = plan.steps[plan.steps.length - 1]?.weights ?? {};
  return facts.clusters.map(c => ({
    clusterId: c.clusterId,
    name: c.name,
    weight: last[c.clusterId] ?? 0,
    requiredReplicas: requiredReplicas(
      facts.load,
      shares[c.clusterId] ?? 0,
      facts.minStandbyCapacity,
    ),
    readyReplicas: c.ready,
    maxReplicas: Math.max(c.ready, c.max),
  }));
}

/**
 * The failed checks in plain words with their numbers, for a 409; undefined when all passed.
 *
 * @public
 */
export function describeFailedChecks(
  checks: SafetyCheck[],
): string | undefined {
  const failed = checks.filter(c => !c.passed);
  if (!failed.length) return undefined;
  return `The failover is refused by ${failed.length} safety check${
    failed.length === 1 ? '' : 's'
  }: ${failed.map((c, i) => `(${i + 1}) ${c.rule}: ${c.message}`).join(' ')}`;
}
