import {
  FAILOVER_MAX_PAUSE_SECONDS,
  FAILOVER_MAX_REASON_LENGTH,
  FAILOVER_MAX_STEPS,
  FailoverRequestInput,
  FailoverStep,
  TrafficSplit,
} from './types';

/**
 * An invalid input: the field at fault (e.g. `steps[1].weights`) and why.
 *
 * @public
 */
export interface FailoverInputError {
  field: string;
  /** Starts with the field's name, e.g. `steps[1].weights sum to 90 ...`. */
  message: string;
}

/**
 * A checked value, or the first problem found.
 *
 * @public
 */
export type FailoverValidated<T> =
  | { value: T; error?: undefined }
  | { value?: undefined; error: FailoverInputError };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const fail = (
  field: string,
  problem: string,
): { error: FailoverInputError } => ({
  error: { field, message: `${field} ${problem}` },
});

/** `entity ref`-like: `kind:namespace/name` (the namespace may be left out). */
const ENTITY_REF =
  /^[A-Za-z0-9][A-Za-z0-9._-]*:([A-Za-z0-9][A-Za-z0-9._-]*\/)?[A-Za-z0-9][A-Za-z0-9._-]*$/;

function validateReason(
  raw: unknown,
  field: string,
  required: boolean,
): FailoverValidated<string | undefined> {
  if (raw === undefined || raw === null) {
    if (required) return fail(field, 'is missing; say why');
    return { value: undefined };
  }
  if (typeof raw !== 'string') return fail(field, 'must be text');
  const text = raw.trim();
  if (!text) {
    if (required) return fail(field, 'is empty; say why');
    return { value: undefined };
  }
  if (text.length > FAILOVER_MAX_REASON_LENGTH)
    return fail(
      field,
      `is ${text.length} characters long; at most ${FAILOVER_MAX_REASON_LENGTH} are kept`,
    );
  return { value: text };
}

/**
 * Checks a decision's reason: required for a rejection, optional otherwise.
 *
 * @public
 */
export function validateDecisionReason(
  body: unknown,
  required: boolean,
): FailoverValidated<string | undefined> {
  if (body !== undefined && body !== null && !isObject(body))
    return fail('body', 'must be a JSON object');
  return validateReason(
    (body as Record<string, unknown> | undefined)?.reason,
    'reason',
    required,
  );
}

function validateWeights(
  raw: unknown,
  field: string,
): FailoverValidated<TrafficSplit> {
  if (!isObject(raw))
    return fail(field, 'must be an object of cluster id to percentage');
  const entries = Object.entries(raw);
  if (entries.length === 0)
    return fail(field, 'is empty; give each cluster its share of the traffic');
  const weights: TrafficSplit = {};
  for (const [clusterId, v] of entries) {
    const f = `${field}.${clusterId}`;
    if (typeof v !== 'number' || !Number.isFinite(v))
      return fail(f, 'must be a number of percent');
    if (v < 0) return fail(f, `is ${v}; a weight cannot be negative`);
    if (!Number.isInteger(v))
      return fail(f, `is ${v}; weights are whole percentages`);
    if (v > 100) return fail(f, `is ${v}; a weight is at most 100`);
    weights[clusterId] = v;
  }
  const sum = Object.values(weights).reduce((a, b) => a + b, 0);
  if (sum === 0)
    return fail(
      field,
      'give no cluster any traffic; at least one cluster must keep traffic',
    );
  if (sum !== 100)
    return fail(field, `sum to ${sum}; the weights of a step must sum to 100`);
  return { value: weights };
}

function validateStep(
  raw: unknown,
  i: number,
): FailoverValidated<FailoverStep> {
  const field = `steps[${i}]`;
  if (!isObject(raw)) return fail(field, 'must be an object with weights');
  const weights = validateWeights(raw.weights, `${field}.weights`);
  if (weights.error !== undefined) return weights;
  const step: FailoverStep = { weights: weights.value };
  if (raw.pauseSeconds !== undefined) {
    const p = raw.pauseSeconds;
    if (typeof p !== 'number' || !Number.isFinite(p))
      return fail(`${field}.pauseSeconds`, 'must be a number of seconds');
    if (p < 0 || p > FAILOVER_MAX_PAUSE_SECONDS)
      return fail(
        `${field}.pauseSeconds`,
        `is ${p}; pause between 0 and ${FAILOVER_MAX_PAUSE_SECONDS} seconds`,
      );
    step.pauseSeconds = p;
  }
  return { value: step };
}

function parseTime(
  raw: unknown,
  field: string,
): FailoverValidated<Date | undefined> {
  if (raw === undefined || raw === null) return { value: undefined };
  if (typeof raw !== 'string' || !/^\d{4}-\d\d-\d\dT/.test(raw))
    return fail(field, 'must be an ISO 8601 time, e.g. 2026-05-01T22:00:00Z');
  const t = new Date(raw);
  if (Number.isNaN(t.getTime()))
    return fail(field, `is "${raw}", which is not a valid time`);
  return { value: t };
}

function validateWindow(
  raw: unknown,
  now: Date,
): FailoverValidated<FailoverRequestInput['window']> {
  if (raw === undefined || raw === null) return { value: undefined };
  if (!isObject(raw))
    return fail('window', 'must be an object with notBefore and/or notAfter');
  const from = parseTime(raw.notBefore, 'window.notBefore');
  if (from.error !== undefined) return from;
  const to = parseTime(raw.notAfter, 'window.notAfter');
  if (to.error !== undefined) return to;
  // A minute of grace for the clocks of the browser and the backend.
  const past = now.getTime() - 60_000;
  if (from.value && from.value.getTime() < past)
    return fail(
      'window.notBefore',
      `is ${from.value.toISOString()}, in the past; leave it out to execute once approved`,
    );
  if (to.value && to.value.getTime() <= now.getTime())
    return fail(
      'window.notAfter',
      `is ${to.value.toISOString()}, in the past; the window would be closed already`,
    );
  if (from.value && to.value && to.value <= from.value)
    return fail(
      'window.notAfter',
      `is ${to.value.toISOString()}, not after window.notBefore (${from.value.toISOString()})`,
    );
  if (!from.value && !to.value) return { value: undefined };
  return {
    value: {
      ...(from.value ? { notBefore: from.value.toISOString() } : {}),
      ...(to.value ? { notAfter: to.value.toISOString() } : {}),
    },
  };
}

function validateFlag(raw: unknown, field: string): FailoverValidated<boolean> {
  if (raw === undefined || raw === null) return { value: false };
  if (typeof raw !== 'boolean') return fail(field, 'must be true or false');
  return { value: raw };
}

/**
 * Checks a failover request as sent, without knowing the service: types,
 * weights (whole percentages, none negative, summing to 100 in every step,
 * some cluster keeping traffic), at most `FAILOVER_MAX_STEPS` steps, pauses,
 * a non-empty reason, and a window that is not in the past. Which clusters
 * may be named is checked by `validateFailoverClusters` once the service's
 * Fleet is known. Returns the input trimmed and normalised, or the first
 * problem with the field it is about.
 *
 * @public
 */
export function validateFailoverInput(
  raw: unknown,
  now: Date,
): FailoverValidated<FailoverRequestInput> {
  if (!isObject(raw)) return fail('body', 'must be a JSON object');
  if (typeof raw.entityRef !== 'string' || !raw.entityRef.trim())
    return fail(
      'entityRef',
      'is missing; name the service, e.g. component:default/web-demo',
    );
  const entityRef = raw.entityRef.trim();
  if (!ENTITY_REF.test(entityRef))
    return fail(
      'entityRef',
      `is "${entityRef.slice(
        0,
        100,
      )}", which is not an entity reference like component:default/web-demo`,
    );
  if (!Array.isArray(raw.steps) || raw.steps.length === 0)
    return fail('steps', 'must list at least one step');
  if (raw.steps.length > FAILOVER_MAX_STEPS)
    return fail(
      'steps',
      `has ${raw.steps.length} steps; a plan has at most ${FAILOVER_MAX_STEPS}`,
    );
  const steps: FailoverStep[] = [];
  for (let i = 0; i < raw.steps.length; i++) {
    const step = validateStep(raw.steps[i], i);
    if (step.error !== undefined) return step;
    steps.push(step.value);
  }
  const reason = validateReason(raw.reason, 'reason', true);
  if (reason.error !== undefined) return reason;
  const window = validateWindow(raw.window, now);
  if (window.error !== undefined) return window;
  const warmUp = validateFlag(raw.warmUp, 'warmUp');
  if (warmUp.error !== undefined) return warmUp;
  const emergency = validateFlag(raw.emergency, 'emergency');
  if (emergency.error !== undefined) return emergency;
  return {
    value: {
      entityRef,
      steps,
      reason: reason.value!,
      ...(window.value ? { window: window.value } : {}),
      warmUp: warmUp.value,
      emergency: emergency.value,
    },
  };
}

/**
 * A member cluster of the service's Fleet, as named in messages.
 *
 * @public
 */
export interface FailoverClusterName {
  clusterId: string;
  name: string;
}

/**
 * Checks that every step names only member clusters of the service's Fleet
 * and returns the steps with every member named (an omitted cluster gets 0).
 *
 * @public
 */
export function validateFailoverClusters(
  steps: FailoverStep[],
  members: FailoverClusterName[],
  fleetName: string,
): FailoverValidated<FailoverStep[]> {
  const ids = new Set(members.map(m => m.clusterId));
  const list = members.map(m => `${m.name} (${m.clusterId})`).join(', ');
  const out: FailoverStep[] = [];
  for (let i = 0; i < steps.length; i++) {
    const weights: TrafficSplit = {};
    for (const m of members) weights[m.clusterId] = 0;
    for (const [clusterId, v] of Object.entries(steps[i].weights)) {
      if (!ids.has(clusterId))
        return fail(
          `steps[${i}].weights.${clusterId}`,
          `names a cluster that is not a member of the service's Fleet ${fleetName} (members: ${list})`,
        );
      weights[clusterId] = v;
    }
    out.push({ ...steps[i], weights });
  }
  return { value: out };
}
