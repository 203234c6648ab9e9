import {
  DrRoute,
  FAILOVER_MAX_PAUSE_SECONDS,
  FailoverRequest,
  FailoverRequestInput,
  FailoverStep,
  TrafficSplit,
} from '@internal/plugin-ack-one-common';

/** A cluster a failover can move traffic to or from. */
export interface FailoverCluster {
  clusterId: string;
  name: string;
}

/** A target the dialog offers; `custom` has no weights of its own. */
export interface TargetPreset {
  key: string;
  label: string;
  weights?: TrafficSplit;
}

/** How the move from the current split to the target is cut into steps. */
export interface StepPlan {
  key: string;
  label: string;
  /** Share of the move reached by each step, in percent; the last is 100. */
  fractions: number[];
}

export const STEP_PLANS: StepPlan[] = [
  { key: 'one', label: 'One step', fractions: [100] },
  { key: 'halves', label: 'Stepwise: 50% → 100%', fractions: [50, 100] },
  {
    key: 'quarters',
    label: 'Stepwise: 25% → 50% → 100%',
    fractions: [25, 50, 100],
  },
  {
    key: 'gradual',
    label: 'Stepwise: 10% → 25% → 50% → 100%',
    fractions: [10, 25, 50, 100],
  },
];

export const CUSTOM_PRESET = 'custom';
export const PREVIOUS_PRESET = 'previous';

/**
 * Rounds shares to whole percentages summing to 100 (largest remainder;
 * ties go to the earlier cluster). Undefined when nothing is shared.
 */
export function roundSplit(
  shares: Record<string, number>,
  clusterIds: string[],
): TrafficSplit | undefined {
  const total = clusterIds.reduce((sum, id) => sum + (shares[id] ?? 0), 0);
  if (!(total > 0)) return undefined;
  const exact = clusterIds.map(id => ((shares[id] ?? 0) * 100) / total);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((value, i) => ({ i, rest: value - floors[i] }))
    .sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    floors[i] += 1;
    left -= 1;
  }
  return Object.fromEntries(clusterIds.map((id, i) => [id, floors[i]]));
}

/**
 * Where the service's traffic goes now: the effective weights of its
 * first gateway route (the one the backend's safety rules judge), in whole
 * percent. Undefined when that route sends traffic nowhere.
 */
export function currentSplit(
  routes: Pick<DrRoute, 'effective'>[],
  clusterIds: string[],
): TrafficSplit | undefined {
  const first = routes[0];
  return first ? roundSplit(first.effective, clusterIds) : undefined;
}

/** Whether two splits give every cluster the same share. */
export function sameSplit(
  a: TrafficSplit,
  b: TrafficSplit,
  clusterIds: string[],
): boolean {
  return clusterIds.every(id => (a[id] ?? 0) === (b[id] ?? 0));
}

function allTo(clusterId: string, clusterIds: string[]): TrafficSplit {
  return Object.fromEntries(
    clusterIds.map(id => [id, id === clusterId ? 100 : 0]),
  );
}

/**
 * The split after draining one cluster: its share goes to the others in
 * proportion to what they carry now (evenly when they carry nothing).
 */
export function drainSplit(
  clusterId: string,
  clusterIds: string[],
  current: TrafficSplit | undefined,
): TrafficSplit | undefined {
  const others = clusterIds.filter(id => id !== clusterId);
  if (others.length === 0) return undefined;
  const carried = others.some(id => (current?.[id] ?? 0) > 0);
  const shares = Object.fromEntries(
    others.map(id => [id, carried ? current?.[id] ?? 0 : 1]),
  );
  const split = roundSplit(shares, others)!;
  return { ...split, [clusterId]: 0 };
}

/**
 * The targets the dialog offers: all traffic to each cluster, drain each
 * cluster, back to the split before the last completed failover (when
 * there is one), and custom weights.
 */
export function targetPresets(
  clusters: FailoverCluster[],
  current: TrafficSplit | undefined,
  previous: TrafficSplit | undefined,
): TargetPreset[] {
  const ids = clusters.map(c => c.clusterId);
  const presets: TargetPreset[] = clusters.map(c => ({
    key: `all:${c.clusterId}`,
    label: `All traffic to ${c.name}`,
    weights: allTo(c.clusterId, ids),
  }));
  for (const c of clusters) {
    const weights = drainSplit(c.clusterId, ids, current);
    if (weights)
      presets.push({
        key: `drain:${c.clusterId}`,
        label: `Drain ${c.name}`,
        weights,
      });
  }
  if (previous) {
    const weights = roundSplit(previous, ids);
    if (weights)
      presets.push({
        key: PREVIOUS_PRESET,
        label: 'Back to the previous split',
        weights,
      });
  }
  presets.push({ key: CUSTOM_PRESET, label: 'Custom' });
  return presets;
}

/**
 * The split before the newest completed failover, which failing back
 * returns to. `requests` are newest first, as the backend lists them.
 */
export function previousSplitOf(
  requests: Pick<FailoverRequest, 'state' | 'previous'>[],
): TrafficSplit | undefined {
  return requests.find(r => r.state === 'completed' && r.previous)?.previous;
}

/** Custom weights as typed, checked: whole percentages summing to 100. */
export function parseCustomWeights(
  raw: Record<string, string>,
  clusters: FailoverCluster[],
): { weights?: TrafficSplit; error?: string } {
  const weights: TrafficSplit = {};
  for (const c of clusters) {
    const text = (raw[c.clusterId] ?? '').trim();
    const value = Number(text);
    if (text === '' || !Number.isInteger(value) || value < 0 || value > 100)
      return {
        error: `The weight of ${c.name} must be a whole number from 0 to 100.`,
      };
    weights[c.clusterId] = value;
  }
  const sum = Object.values(weights).reduce((a, b) => a + b, 0);
  if (sum !== 100)
    return {
      error: `The weights sum to ${sum}%; they must sum to 100%.`,
    };
  return { weights };
}

/**
 * The split each step reaches, moving from `current` to `target` by the
 * plan's fractions of the move. Steps that change nothing are left out;
 * the last step is always the target. Without a current split, the only
 * step is the target.
 */
export function stepSplits(
  current: TrafficSplit | undefined,
  target: TrafficSplit,
  fractions: number[],
  clusterIds: string[],
): TrafficSplit[] {
  if (!current) return [target];
  const splits: TrafficSplit[] = [];
  let last = current;
  for (const fraction of fractions.filter(f => f < 100)) {
    const shares = Object.fromEntries(
      clusterIds.map(id => {
        const from = current[id] ?? 0;
        return [id, from + (((target[id] ?? 0) - from) * fraction) / 100];
      }),
    );
    const split = roundSplit(shares, clusterIds);
    if (
      split &&
      !sameSplit(split, last, clusterIds) &&
      !sameSplit(split, target, clusterIds)
    ) {
      splits.push(split);
      last = split;
    }
  }
  splits.push(target);
  return splits;
}

/** The steps of a request: a pause after every step but the last. */
export function buildSteps(
  splits: TrafficSplit[],
  pauseSeconds: number | undefined,
): FailoverStep[] {
  return splits.map((weights, i) =>
    pauseSeconds && i < splits.length - 1
      ? { weights, pauseSeconds }
      : { weights },
  );
}

/** Optional pause between steps, as typed: whole seconds, at most an hour. */
export function parsePauseSeconds(raw: string): {
  value?: number;
  error?: string;
} {
  const text = raw.trim();
  if (text === '') return {};
  const value = Number(text);
  if (
    !Number.isInteger(value) ||
    value < 0 ||
    value > FAILOVER_MAX_PAUSE_SECONDS
  )
    return {
      error: `The pause must be whole seconds from 0 to ${FAILOVER_MAX_PAUSE_SECONDS}.`,
    };
  return { value: value || undefined };
}

/**
 * A `datetime-local` input value (local time) as an ISO timestamp;
 * undefined when empty or not a date.
 */
export function localDateTimeToIso(value: string): string | undefined {
  if (!value.trim()) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The execution window, checked: "not after" must follow "not before". */
export function parseWindow(
  notBefore: string,
  notAfter: string,
): { window?: FailoverRequestInput['window']; error?: string } {
  const from = localDateTimeToIso(notBefore);
  const to = localDateTimeToIso(notAfter);
  if (notBefore.trim() && !from)
    return { error: '"Not before" is not a date and time.' };
  if (notAfter.trim() && !to)
    return { error: '"Not after" is not a date and time.' };
  if (from && to && Date.parse(to) <= Date.parse(from))
    return { error: '"Not after" must be later than "not before".' };
  if (!from && !to) return {};
  return {
    window: {
      ...(from ? { notBefore: from } : {}),
      ...(to ? { notAfter: to } : {}),
    },
  };
}
