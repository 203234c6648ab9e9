import {
  FailoverCheckResult,
  FailoverRequestInput,
  TrafficSplit,
} from '@internal/plugin-ack-one-common';
import {
  buildSteps,
  CUSTOM_PRESET,
  FailoverCluster,
  parseCustomWeights,
  parsePauseSeconds,
  parseWindow,
  sameSplit,
  STEP_PLANS,
  stepSplits,
  TargetPreset,
} from './presets';

/** What the request dialog holds, as typed. */
export interface FailoverForm {
  /** Key of the chosen target preset; empty until one is chosen. */
  preset: string;
  /** Custom weights per cluster id, as typed. */
  custom: Record<string, string>;
  /** Key of the step plan. */
  plan: string;
  /** Pause between steps, seconds, as typed. */
  pause: string;
  reason: string;
  /** `datetime-local` values. */
  notBefore: string;
  notAfter: string;
  warmUp: boolean;
  emergency: boolean;
}

/** What the dialog knows about the service. */
export interface FailoverFormContext {
  entityRef: string;
  clusters: FailoverCluster[];
  current?: TrafficSplit;
  presets: TargetPreset[];
}

/** The form, read and checked. */
export interface DerivedFailoverForm {
  target?: TrafficSplit;
  /** The split each step reaches; the last is the target. */
  splits: TrafficSplit[];
  targetError?: string;
  pauseError?: string;
  windowError?: string;
  /** The target is where traffic goes already. */
  unchanged: boolean;
  /** What the live safety checks evaluate: everything but the reason. */
  checkInput?: Omit<FailoverRequestInput, 'reason'>;
  /** The request to submit; undefined while something is missing or wrong. */
  input?: FailoverRequestInput;
  /** Why the request cannot be submitted yet, first reason first. */
  blockers: string[];
}

export function initialFailoverForm(
  clusters: FailoverCluster[],
  current: TrafficSplit | undefined,
): FailoverForm {
  return {
    preset: '',
    custom: Object.fromEntries(
      clusters.map(c => [c.clusterId, String(current?.[c.clusterId] ?? '')]),
    ),
    plan: STEP_PLANS[0].key,
    pause: '',
    reason: '',
    notBefore: '',
    notAfter: '',
    warmUp: false,
    emergency: false,
  };
}

function targetOf(
  form: FailoverForm,
  context: FailoverFormContext,
): { target?: TrafficSplit; error?: string } {
  if (!form.preset) return { error: 'Choose a target.' };
  if (form.preset === CUSTOM_PRESET) {
    const { weights, error } = parseCustomWeights(
      form.custom,
      context.clusters,
    );
    return { target: weights, error };
  }
  const preset = context.presets.find(p => p.key === form.preset);
  return preset?.weights
    ? { target: preset.weights }
    : { error: 'Choose a target.' };
}

/** Reads the form: the target, the steps, the request and what blocks it. */
export function deriveFailoverForm(
  form: FailoverForm,
  context: FailoverFormContext,
): DerivedFailoverForm {
  const ids = context.clusters.map(c => c.clusterId);
  const { target, error: targetError } = targetOf(form, context);
  const plan = STEP_PLANS.find(p => p.key === form.plan) ?? STEP_PLANS[0];
  const splits = target
    ? stepSplits(context.current, target, plan.fractions, ids)
    : [];
  const pause = parsePauseSeconds(form.pause);
  const windowed = parseWindow(form.notBefore, form.notAfter);
  const unchanged = Boolean(
    target && context.current && sameSplit(target, context.current, ids),
  );
  const blockers = [targetError, pause.error, windowed.error].filter(
    (b): b is string => Boolean(b),
  );

  let checkInput: DerivedFailoverForm['checkInput'];
  if (target && blockers.length === 0) {
    checkInput = {
      entityRef: context.entityRef,
      steps: buildSteps(splits, pause.value),
      ...(windowed.window ? { window: windowed.window } : {}),
      warmUp: form.warmUp,
      emergency: form.emergency,
    };
  }
  const reason = form.reason.trim();
  if (!reason)
    blockers.push(
      form.emergency
        ? 'An emergency override needs a reason.'
        : 'Give a reason.',
    );
  const input = checkInput && reason ? { ...checkInput, reason } : undefined;
  return {
    target,
    splits,
    targetError,
    pauseError: pause.error,
    windowError: windowed.error,
    unchanged,
    checkInput,
    input,
    blockers,
  };
}

/**
 * Why the request cannot be submitted now, if it cannot: the form first,
 * then the safety checks (pending, or one failing). When the checks could
 * not be evaluated at all, the server decides on submit.
 */
export function submitBlocker(
  derived: Pick<DerivedFailoverForm, 'blockers'>,
  checks: { value?: FailoverCheckResult; error?: Error; checking: boolean },
): string | undefined {
  if (derived.blockers.length > 0) return derived.blockers[0];
  if (checks.checking) return 'Waiting for the safety checks.';
  if (checks.error) return undefined;
  const failing = checks.value?.checks.filter(c => !c.passed).length ?? 0;
  if (failing === 0) return undefined;
  return `${failing} safety check${
    failing > 1 ? 's fail' : ' fails'
  }; change the plan or fix the cause first.`;
}
