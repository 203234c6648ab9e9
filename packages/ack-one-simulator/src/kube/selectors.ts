import {
  labelSelectorFromObject,
  matchesLabelSelector,
  parseLabelSelector,
  splitSelectorTerms,
  type LabelSelectorObject,
} from '@internal/plugin-ack-one-common';
import { errors } from './status';

export type Matcher = (labels: Record<string, string> | undefined) => boolean;

/**
 * Matches the labels of objects against a label selector string as
 * `kubectl -l` and the `labelSelector` query parameter write it (parsed by
 * the plugins' own parser); an empty selector matches everything.
 */
export function labelMatcher(selector: string | undefined): Matcher {
  if (!selector?.trim()) return () => true;
  let parsed: ReturnType<typeof parseLabelSelector>;
  try {
    parsed = parseLabelSelector(selector);
  } catch (e) {
    throw errors.badRequest(
      `unable to parse requirement: ${(e as Error).message}`,
    );
  }
  return labels => matchesLabelSelector(parsed, labels);
}

/**
 * Matches against a `metav1.LabelSelector` object; absent selects
 * everything, and one with an invalid requirement selects nothing.
 */
export function selectorObjectMatcher(
  sel: LabelSelectorObject | undefined,
): Matcher {
  if (!sel) return () => true;
  let parsed: ReturnType<typeof labelSelectorFromObject>;
  try {
    parsed = labelSelectorFromObject(sel);
  } catch {
    return () => false;
  }
  return labels => matchesLabelSelector(parsed, labels);
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
