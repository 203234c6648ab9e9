/**
 * Kubernetes label selectors, in their string form (`app=web,tier in (a,b),!legacy`,
 * as `kubectl -l` and the `labelSelector` query parameter write them) or as a
 * `metav1.LabelSelector` object (`matchLabels` and `matchExpressions`),
 * parsed once and matched in memory. The portal's backend and the
 * simulator's API servers use this one parser.
 *
 * @public
 */

export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

/** @public */
export interface LabelSelector {
  requirements: Requirement[];
}

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/**
 * Splits a selector on the commas that are not inside parentheses.
 *
 * @public
 */
export function splitSelectorTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map(t => t.trim());
}

function checkKey(key: string) {
  if (!KEY.test(key)) throw new Error(`"${key}" is not a valid label key`);
}

function checkValue(v: string) {
  if (v.length > 63 || !VALUE.test(v))
    throw new Error(`"${v}" is not a valid label value`);
}

/**
 * Parses a label selector string; throws an Error with a readable message.
 *
 * @public
 */
export function parseLabelSelector(raw: string): LabelSelector {
  const s = raw.trim();
  if (!s) throw new Error('the label selector is empty');
  const requirements: Requirement[] = [];
  for (const term of splitSelectorTerms(s)) {
    if (!term) throw new Error(`"${raw}" has an empty term`);
    let m = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
    if (m) {
      checkKey(m[1]);
      const values = m[3].split(',').map(v => v.trim());
      if (values.length === 0 || values.some(v => v === ''))
        throw new Error(`"${term}" needs a list of values`);
      values.forEach(checkValue);
      requirements.push({ key: m[1], op: m[2] as 'in' | 'notin', values });
      continue;
    }
    m = /^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/.exec(term);
    if (m) {
      checkKey(m[1]);
      checkValue(m[3]);
      requirements.push({
        key: m[1],
        op: m[2] === '!=' ? 'notin' : 'in',
        values: [m[3]],
      });
      continue;
    }
    m = /^(!?)([^=!\s()]+)$/.exec(term);
    if (m) {
      checkKey(m[2]);
      requirements.push({ key: m[2], op: m[1] ? 'doesnotexist' : 'exists' });
      continue;
    }
    throw new Error(`"${term}" is not a label selector term`);
  }
  return { requirements };
}

/**
 * A `metav1.LabelSelector` object.
 *
 * @public
 */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

const OPERATORS: Record<string, Requirement['op']> = {
  in: 'in',
  notin: 'notin',
  exists: 'exists',
  doesnotexist: 'doesnotexist',
};

/**
 * Reads a `metav1.LabelSelector` object (an empty one selects everything);
 * throws an Error with a readable message for an unknown operator or a
 * set operator without values.
 *
 * @public
 */
export function labelSelectorFromObject(
  obj: LabelSelectorObject,
): LabelSelector {
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(obj.matchLabels ?? {}))
    requirements.push({ key, op: 'in', values: [String(value)] });
  for (const e of obj.matchExpressions ?? []) {
    const op = OPERATORS[String(e.operator).toLowerCase()];
    if (!op)
      throw new Error(
        `"${e.operator}" is not a label selector operator (In, NotIn, Exists, DoesNotExist)`,
      );
    if (op === 'exists' || op === 'doesnotexist')
      requirements.push({ key: e.key, op });
    else if (!e.values?.length)
      throw new Error(
        `the ${e.operator} requirement on "${e.key}" has no values`,
      );
    else requirements.push({ key: e.key, op, values: e.values.map(String) });
  }
  return { requirements };
}

/** @public */
export function matchesLabelSelector(
  selector: LabelSelector,
  labels: Record<string, string> | undefined,
): boolean {
  const l = labels ?? {};
  for (const r of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'exists':
        if (!has) return false;
        break;
      case 'doesnotexist':
        if (has) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(l[r.key])) return false;
        break;
      case 'notin':
        if (has && r.values.includes(l[r.key])) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * The single `key=value` pair a selector requires, when it is exactly one
 * equality (the common `backstage.io/kubernetes-id=<id>` case), for indexed lookups.
 *
 * @public
 */
export function equalityOf(
  selector: LabelSelector,
): { key: string; value: string } | undefined {
  const [r, ...rest] = selector.requirements;
  if (rest.length > 0 || !r || r.op !== 'in' || r.values.length !== 1)
    return undefined;
  return { key: r.key, value: r.values[0] };
}
