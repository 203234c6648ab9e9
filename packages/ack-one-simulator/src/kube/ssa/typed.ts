import { ListOf, resolve, Schema } from '../schema';
import {
  FieldPath,
  FieldSet,
  fieldElement,
  keyElement,
  pathString,
  valueElement,
} from './fieldset';

/**
 * Schema-aware operations on objects for server-side apply: the field set
 * of an applied configuration, the comparison of two versions of an object,
 * the merge of a configuration into a live object and the removal of
 * fields.
 */

const OPEN: Schema = { kind: 'open' };

export function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every(k => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

type Resolved = ReturnType<typeof resolve>;

/** Schema of the field `key` of an object node; undefined when not declared. */
export function childSchema(r: Resolved, key: string): Schema | undefined {
  switch (r.kind) {
    case 'struct':
      return r.fields[key] ?? (r.open ? OPEN : undefined);
    case 'map':
      return r.values;
    case 'open':
      return OPEN;
    default:
      return undefined;
  }
}

function isDeclared(r: Resolved, key: string) {
  return r.kind === 'struct' && key in r.fields;
}

function isAtomic(r: Resolved): boolean {
  if (r.kind === 'scalar') return true;
  if (r.kind === 'list') return r.listType === 'atomic';
  if (r.kind === 'struct' || r.kind === 'map') return !!r.atomic;
  return false;
}

/** The path element of a list item, or an error message. */
export function itemElement(
  list: ListOf,
  item: unknown,
  index: number,
): { pe?: string; error?: string } {
  if (list.listType === 'set') return { pe: valueElement(item) };
  if (list.listType !== 'map') return { pe: `i:${index}` };
  if (!isObj(item))
    return { error: `element ${index}: expected map, got ${JSON.stringify(item)}` };
  const keys: Record<string, unknown> = {};
  for (const k of list.keys ?? []) {
    const v = item[k] ?? list.keyDefaults?.[k];
    if (v === undefined || v === null) {
      return {
        error: `element ${index}: associative list with keys has an element that omits key field "${k}"`,
      };
    }
    keys[k] = v;
  }
  return { pe: keyElement(keys) };
}

/**
 * The fields an applied configuration sets. Errors name fields that are
 * not in the schema, as `.spec.foo: field not declared in schema`.
 */
export function toFieldSet(
  value: unknown,
  schema: Schema,
): { set: FieldSet; errors: string[] } {
  const set = new FieldSet();
  const errors: string[] = [];
  walkSet(value, schema, [], set, errors);
  return { set, errors };
}

function walkSet(
  v: unknown,
  s: Schema,
  path: FieldPath,
  set: FieldSet,
  errors: string[],
) {
  const r = resolve(s);
  if (v === null || v === undefined || isAtomic(r)) {
    set.insert(path);
    return;
  }
  if (Array.isArray(v)) {
    if (r.kind !== 'list') {
      set.insert(path);
      return;
    }
    const seen = new Set<string>();
    v.forEach((item, i) => {
      const { pe, error } = itemElement(r, item, i);
      if (!pe) {
        errors.push(`${pathString(path)}: ${error}`);
        return;
      }
      if (seen.has(pe) && r.listType === 'map') {
        errors.push(`${pathString([...path, pe])}: duplicate entries for key`);
        return;
      }
      seen.add(pe);
      const ip = [...path, pe];
      if (r.listType === 'map') walkSet(item, r.items, ip, set, errors);
      set.insert(ip);
    });
    return;
  }
  if (!isObj(v) || r.kind === 'list') {
    set.insert(path);
    return;
  }
  for (const [k, cv] of Object.entries(v)) {
    const cs = childSchema(r, k);
    const cp = [...path, fieldElement(k)];
    if (!cs) {
      errors.push(`${pathString(cp)}: field not declared in schema`);
      continue;
    }
    walkSet(cv, cs, cp, set, errors);
    if (
      !isDeclared(r, k) ||
      cv === null ||
      (isObj(cv) && Object.keys(cv).length === 0)
    )
      set.insert(cp);
  }
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** What changed from `a` to `b`, field by field. */
export function compare(a: unknown, b: unknown, schema: Schema): Comparison {
  const c: Comparison = {
    added: new FieldSet(),
    modified: new FieldSet(),
    removed: new FieldSet(),
  };
  walkCompare(a, b, schema, [], c);
  return c;
}

function emptyish(v: unknown) {
  return (
    v === undefined ||
    v === null ||
    (isObj(v) && Object.keys(v).length === 0) ||
    (Array.isArray(v) && v.length === 0)
  );
}

function walkCompare(
  a: unknown,
  b: unknown,
  s: Schema,
  path: FieldPath,
  c: Comparison,
) {
  if (a === undefined && b === undefined) return;
  const r = resolve(s);
  const objects = (isObj(a) || a === undefined) && (isObj(b) || b === undefined);
  const lists =
    r.kind === 'list' &&
    (Array.isArray(a) || a === undefined) &&
    (Array.isArray(b) || b === undefined);
  if (
    isAtomic(r) ||
    (!objects && !lists) ||
    (emptyish(a) && emptyish(b))
  ) {
    if (a === undefined) c.added.insert(path);
    else if (b === undefined) c.removed.insert(path);
    else if (!deepEqual(a, b)) c.modified.insert(path);
    return;
  }
  if (path.length && a === undefined && r.kind !== 'struct') c.added.insert(path);
  if (path.length && b === undefined) {
    c.removed.insert(path);
    return;
  }
  if (lists) {
    compareItems(
      (a as unknown[] | undefined) ?? [],
      (b as unknown[] | undefined) ?? [],
      r as ListOf,
      path,
      c,
    );
    return;
  }
  const ao = (a ?? {}) as Record<string, unknown>;
  const bo = (b ?? {}) as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ao), ...Object.keys(bo)])) {
    walkCompare(ao[k], bo[k], childSchema(r, k) ?? OPEN, [...path, fieldElement(k)], c);
  }
}

function indexItems(list: ListOf, items: unknown[]) {
  const m = new Map<string, unknown>();
  items.forEach((item, i) => {
    const { pe } = itemElement(list, item, i);
    if (pe && !m.has(pe)) m.set(pe, item);
  });
  return m;
}

function compareItems(
  a: unknown[],
  b: unknown[],
  list: ListOf,
  path: FieldPath,
  c: Comparison,
) {
  const am = indexItems(list, a);
  const bm = indexItems(list, b);
  for (const pe of new Set([...am.keys(), ...bm.keys()])) {
    const ip = [...path, pe];
    const ai = am.get(pe);
    const bi = bm.get(pe);
    if (ai === undefined) c.added.insert(ip);
    if (bi === undefined) {
      c.removed.insert(ip);
      continue;
    }
    if (list.listType === 'map') walkCompare(ai, bi, list.items, ip, c);
  }
}

/** Merges an applied configuration into the live object. */
export function merge(live: unknown, config: unknown, schema: Schema): unknown {
  if (config === undefined) return live;
  if (config === null) return undefined;
  const r = resolve(schema);
  if (isAtomic(r)) return structuredClone(config);
  if (Array.isArray(config)) {
    if (r.kind !== 'list') return structuredClone(config);
    return mergeList(Array.isArray(live) ? live : [], config, r);
  }
  if (!isObj(config) || r.kind === 'list') return structuredClone(config);
  const out: Record<string, unknown> = isObj(live) ? { ...live } : {};
  for (const [k, cv] of Object.entries(config)) {
    const merged = merge(out[k], cv, childSchema(r, k) ?? OPEN);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

function mergeList(live: unknown[], config: unknown[], list: ListOf): unknown[] {
  const liveIdx = indexItems(list, live);
  const out: unknown[] = [];
  const used = new Set<string>();
  config.forEach((item, i) => {
    const { pe } = itemElement(list, item, i);
    const prev = pe ? liveIdx.get(pe) : undefined;
    if (pe) used.add(pe);
    out.push(list.listType === 'map' ? merge(prev, item, list.items) : item);
  });
  live.forEach((item, i) => {
    const { pe } = itemElement(list, item, i);
    if (!pe || !used.has(pe)) out.push(item);
  });
  return out;
}

/**
 * Removes the value at `path` from `obj` (in place). Maps and lists left
 * empty by the removal are dropped too, as the API server omits them.
 */
export function removePath(
  obj: Record<string, any>,
  path: FieldPath,
  schema: Schema,
) {
  if (!path.length) return;
  const steps: Array<{ holder: any; key: string | number; kind: string }> = [];
  let cur: any = obj;
  let s: Schema = schema;
  for (const pe of path) {
    const r = resolve(s);
    if (pe.startsWith('f:')) {
      const k = pe.slice(2);
      if (!isObj(cur) || !(k in cur)) return;
      steps.push({ holder: cur, key: k, kind: r.kind });
      cur = cur[k];
      s = childSchema(r, k) ?? OPEN;
    } else {
      if (!Array.isArray(cur) || r.kind !== 'list') return;
      const list = r;
      const idx = cur.findIndex(
        (item, i) => itemElement(list, item, i).pe === pe,
      );
      if (idx < 0) return;
      steps.push({ holder: cur, key: idx, kind: 'list' });
      cur = cur[idx];
      s = list.items;
    }
  }
  for (let i = steps.length - 1; i >= 0; i--) {
    const { holder, key } = steps[i];
    if (Array.isArray(holder)) holder.splice(key as number, 1);
    else delete holder[key];
    const empty = Array.isArray(holder)
      ? holder.length === 0
      : Object.keys(holder).length === 0;
    // drop emptied maps and lists, never structs or top-level fields
    if (!empty || i < 2 || steps[i].kind === 'struct') break;
  }
}

/**
 * Fields of `value` that the schema does not declare, as
 * `spec.template.spec.containers[0].foo`; `strip` removes them in place.
 */
export function unknownFields(
  value: unknown,
  schema: Schema,
  strip = false,
): string[] {
  const out: string[] = [];
  walkUnknown(value, schema, '', out, strip);
  return out;
}

function walkUnknown(v: unknown, s: Schema, path: string, out: string[], strip: boolean) {
  const r = resolve(s);
  if (r.kind === 'open' || r.kind === 'scalar') return;
  if (Array.isArray(v)) {
    if (r.kind === 'list')
      v.forEach((item, i) => walkUnknown(item, r.items, `${path}[${i}]`, out, strip));
    return;
  }
  if (!isObj(v) || r.kind === 'list') return;
  for (const k of Object.keys(v)) {
    const cs = childSchema(r, k);
    const p = path ? `${path}.${k}` : k;
    if (!cs) {
      out.push(p);
      if (strip) delete v[k];
      continue;
    }
    walkUnknown(v[k], cs, p, out, strip);
  }
}
