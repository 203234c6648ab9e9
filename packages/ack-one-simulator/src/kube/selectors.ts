import { errors } from './status';

/** One requirement of a label selector (set-based or equality-based). */
export interface Requirement {
  key: string;
  op: 'in' | 'notin' | 'exists' | '!exists' | '=' | '!=';
  values: string[];
}

export type Matcher = (labels: Record<string, string> | undefined) => boolean;

function splitTopLevel(s: string): string[] {
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
  return out.map(x => x.trim()).filter(Boolean);
}

/** Parses a label selector string as `kubectl -l` and the `labelSelector` query parameter use it. */
export function parseLabelSelector(
  selector: string | undefined,
): Requirement[] {
  if (!selector) return [];
  const reqs: Requirement[] = [];
  for (const part of splitTopLevel(selector)) {
    let m = /^([^\s!=()]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part);
    if (m) {
      reqs.push({
        key: m[1],
        op: m[2] as 'in' | 'notin',
        values: m[3]
          .split(',')
          .map(v => v.trim())
          .filter(v => v !== ''),
      });
      continue;
    }
    m = /^([^\s!=()]+)\s*(==|=|!=)\s*([^\s!=()]*)$/.exec(part);
    if (m) {
      reqs.push({ key: m[1], op: m[2] === '!=' ? '!=' : '=', values: [m[3]] });
      continue;
    }
    m = /^(!?)\s*([^\s!=()]+)$/.exec(part);
    if (m) {
      reqs.push({ key: m[2], op: m[1] ? '!exists' : 'exists', values: [] });
      continue;
    }
    throw errors.badRequest(
      `unable to parse requirement: invalid label selector "${part}"`,
    );
  }
  return reqs;
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
  for (const part of splitTopLevel(selector)) {
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
