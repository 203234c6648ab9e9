/**
 * Kubernetes label selectors in their string form (`app=web,tier in (a,b),!legacy`),
 * parsed once and matched in memory.
 */

export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'doesnotexist' };

export interface LabelSelector {
  requirements: Requirement[];
}

const KEY =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$/;

/** Splits a selector on the commas that are not inside parentheses. */
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

/** Parses a label selector string; throws an Error with a readable message. */
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
 */
export function equalityOf(
  selector: LabelSelector,
): { key: string; value: string } | undefined {
  const [r, ...rest] = selector.requirements;
  if (rest.length > 0 || !r || r.op !== 'in' || r.values.length !== 1)
    return undefined;
  return { key: r.key, value: r.values[0] };
}
