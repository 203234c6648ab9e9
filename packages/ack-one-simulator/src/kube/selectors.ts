import {
  parseLabelSelector as parseSelectorString,
  splitSelectorTerms,
} from '@internal/plugin-ack-one-common';
import { errors } from './status';

/** One requirement of a label selector (set-based or equality-based). */
export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!exists' | '=' | '!=';
  values: string[];
}

export type Matcher = (labels: Record<string, string> | undefined) => boolean;

/**
 * Parses a label selector string as `kubectl -l` and the `labelSelector`
 * query parameter use it (the parser the plugins use too).
 */
export function parseLabelSelector(
  selector: string | undefined,
): Requirement[] {
  if (!selector?.trim()) return [];
  let parsed;
  try {
    parsed = parseSelectorString(selector);
  } catch (e) {
    throw errors.badRequest(
      `unable to parse requirement: ${(e as Error).message}`,
    );
  }
  return parsed.requirements.map(r =>
    r.op === 'in' || r.op === 'notin'
      ? { key: r.key, op: r.op, values: r.values }
      : {
          key: r.key,
          op: r.op === 'exists' ? 'exists' : '!exists',
          values: [],
        },
  );
}

export function matchesRequirements(
  reqs: Requirement[],
  labels: Record<string, string> | undefined,
): boolean {
  for (const r of reqs) {
    const has =
      labels !== undefined &&
      Object.prototype.hasOwnProperty.call(labels, r.key);
    const v = has ? labels![r.key] : undefined;
    switch (r.op) {
      case '=':
        if (v !== r.values[0]) return false;
        break;
      case '!=':
        if (v === r.values[0]) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(v!)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(v!)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!exists':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

export function labelMatcher(selector: string | undefined): Matcher {
  const reqs = parseLabelSelector(selector);
  if (reqs.length === 0) return () => true;
  return labels => matchesRequirements(reqs, labels);
}

/** A metav1.LabelSelector object (matchLabels + matchExpressions). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{
    key: string;
    operator: string;
    values?: string[];
  }>;
}

export function selectorObjectMatcher(
  sel: LabelSelectorObject | undefined,
): Matcher {
  if (!sel) return () => true;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
    reqs.push({ key: k, op: '=', values: [String(v)] });
  }
  for (const e of sel.matchExpressions ?? []) {
    const op = String(e.operator).toLowerCase();
    const map: Record<string, Requirement['op']> = {
      in: 'in',
      notin: 'notin',
      exists: 'exists',
      doesnotexist: '!exists',
    };
    if (!map[op]) return () => false;
    reqs.push({ key: e.key, op: map[op], values: e.values ?? [] });
  }
  return labels => matchesRequirements(reqs, labels);
}

/** Map-style selector (Service.spec.selector): empty/absent matches nothing. */
export function mapSelectorMatches(
  sel: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  if (!sel) return false;
  const keys = Object.keys(sel);
  if (keys.length === 0) return false;
  if (!labels) return false;
  for (const k of keys) if (labels[k] !== sel[k]) return false;
  return true;
}

export type ObjMatcher = (obj: any) => boolean;

function getPath(obj: any, path: string): any {
  let cur = obj;
  for (const p of path.split('.')) {
    if (cur === null || cur === undefined) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Field selectors: `metadata.name`, `metadata.namespace` and any other dotted path (e.g. `status.phase`). */
export function fieldMatcher(
  selector: string | undefined,
): ObjMatcher | undefined {
  if (!selector) return undefined;
  const reqs: Array<{ path: string; neg: boolean; value: string }> = [];
  for (const part of splitSelectorTerms(selector).filter(Boolean)) {
    const m = /^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/.exec(part);
    if (!m) throw errors.badRequest(`invalid field selector: "${part}"`);
    reqs.push({ path: m[1], neg: m[2] === '!=', value: m[3] });
  }
  return obj => {
    for (const r of reqs) {
      const v = getPath(obj, r.path);
      const s = v === undefined || v === null ? '' : String(v);
      if ((s === r.value) === r.neg) return false;
    }
    return true;
  };
}
