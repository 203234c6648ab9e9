import { errors } from './status';

function isObj(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** RFC 7386 JSON merge patch. Returns a new value; inputs are not mutated. */
export function mergePatch(target: any, patch: any): any {
  if (!isObj(patch)) return patch;
  const out: Record<string, any> = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function unescapePointer(s: string) {
  return s.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parsePointer(p: string): string[] {
  if (p === '') return [];
  if (!p.startsWith('/'))
    throw errors.badRequest(`invalid JSON pointer "${p}"`);
  return p.slice(1).split('/').map(unescapePointer);
}

function deepEqual(a: any, b: any): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const nonexistent = (path: string[]) =>
  errors.invalid('patch', '', `the path "/${path.join('/')}" does not exist`);

/** A document being patched, addressed by parsed JSON pointers. */
class PatchedDocument {
  constructor(public doc: any) {}

  get(path: string[]): any {
    let cur = this.doc;
    for (const seg of path) {
      if (cur === undefined || cur === null) return undefined;
      cur = Array.isArray(cur) ? cur[Number(seg)] : cur[seg];
    }
    return cur;
  }

  private parentOf(path: string[]): any {
    const parent = this.get(path.slice(0, -1));
    if (parent === undefined || parent === null || typeof parent !== 'object')
      throw nonexistent(path);
    return parent;
  }

  remove(path: string[]): any {
    const parent = this.parentOf(path);
    const last = path[path.length - 1];
    if (Array.isArray(parent)) {
      const i = Number(last);
      if (!(i >= 0 && i < parent.length))
        throw errors.invalid(
          'patch',
          '',
          `unable to remove nonexistent index ${last}`,
        );
      return parent.splice(i, 1)[0];
    }
    if (!(last in parent))
      throw errors.invalid(
        'patch',
        '',
        `unable to remove nonexistent key: ${last}`,
      );
    const v = parent[last];
    delete parent[last];
    return v;
  }

  add(path: string[], value: any): void {
    if (path.length === 0) {
      this.doc = value;
      return;
    }
    const parent = this.parentOf(path);
    const last = path[path.length - 1];
    if (!Array.isArray(parent)) {
      parent[last] = value;
    } else if (last === '-') {
      parent.push(value);
    } else {
      const i = Number(last);
      if (!(i >= 0 && i <= parent.length))
        throw errors.invalid('patch', '', `index out of bounds: ${last}`);
      parent.splice(i, 0, value);
    }
  }
}

/** Applies one JSON patch operation to the document. */
function applyOperation(d: PatchedDocument, op: any): void {
  if (!isObj(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
    throw errors.badRequest('invalid json patch operation');
  }
  const path = parsePointer(op.path);
  switch (op.op) {
    case 'add':
      d.add(path, structuredClone(op.value));
      break;
    case 'remove':
      d.remove(path);
      break;
    case 'replace':
      d.remove(path);
      d.add(path, structuredClone(op.value));
      break;
    case 'move':
      d.add(path, d.remove(parsePointer(op.from)));
      break;
    case 'copy':
      d.add(path, structuredClone(d.get(parsePointer(op.from))));
      break;
    case 'test':
      if (!deepEqual(d.get(path), op.value)) {
        throw errors.invalid(
          'patch',
          '',
          `test operation failed for path "${op.path}"`,
        );
      }
      break;
    default:
      throw errors.badRequest(`unsupported json patch operation "${op.op}"`);
  }
}

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test). */
export function jsonPatch(target: any, ops: any): any {
  if (!Array.isArray(ops))
    throw errors.badRequest('json patch must be an array of operations');
  const d = new PatchedDocument(structuredClone(target));
  for (const op of ops) applyOperation(d, op);
  return d.doc;
}

/**
 * Merge keys of the lists that Kubernetes merges by key in a strategic merge
 * patch (a practical subset of the `patchMergeKey` tags of the Go types).
 * Lists not named here are replaced, as for atomic lists.
 */
const MERGE_KEYS: Record<string, string[]> = {
  containers: ['name'],
  initContainers: ['name'],
  ephemeralContainers: ['name'],
  env: ['name'],
  volumes: ['name'],
  volumeMounts: ['mountPath'],
  volumeDevices: ['devicePath'],
  imagePullSecrets: ['name'],
  ports: ['containerPort', 'port'],
  hostAliases: ['ip'],
  conditions: ['type'],
  ownerReferences: ['uid'],
  topologySpreadConstraints: ['topologyKey'],
  secrets: ['name'],
};
/** Primitive lists that merge (set semantics) rather than replace. */
const MERGE_PRIMITIVE = new Set(['finalizers']);

function mergeKeyFor(field: string, items: any[]): string | undefined {
  const keys = MERGE_KEYS[field];
  if (!keys) return undefined;
  for (const k of keys) if (items.some(i => isObj(i) && k in i)) return k;
  return keys[0];
}

/**
 * Strategic merge patch, the subset `kubectl apply`, `kubectl scale`,
 * `kubectl edit` and `kubectl patch` send: maps merge recursively, `null`
 * deletes, keyed lists merge by their merge key, `$patch: replace|delete`,
 * `$retainKeys`, `$setElementOrder/<list>` and
 * `$deleteFromPrimitiveList/<list>` directives are honoured.
 */
export function strategicMergePatch(target: any, patch: any): any {
  return smpMap(isObj(target) ? target : {}, patch);
}

function smpMap(target: Record<string, any>, patch: any): any {
  if (!isObj(patch)) return patch;
  if (patch.$patch === 'replace') {
    const { $patch, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  let out: Record<string, any> = { ...target };
  if (Array.isArray(patch.$retainKeys)) {
    const keep = new Set<string>(patch.$retainKeys);
    for (const k of Object.keys(out)) if (!keep.has(k)) delete out[k];
  }
  const orders: Record<string, any[]> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (k === '$patch' || k === '$retainKeys') continue;
    if (k.startsWith('$setElementOrder/')) {
      orders[k.slice('$setElementOrder/'.length)] = v as any[];
      continue;
    }
    if (k.startsWith('$deleteFromPrimitiveList/')) {
      const f = k.slice('$deleteFromPrimitiveList/'.length);
      if (Array.isArray(out[f]) && Array.isArray(v)) {
        out[f] = out[f].filter((x: any) => !(v as any[]).includes(x));
      }
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    if (Array.isArray(v)) {
      out[k] = smpList(k, Array.isArray(out[k]) ? out[k] : [], v);
      continue;
    }
    if (isObj(v)) {
      const merged = smpMap(isObj(out[k]) ? out[k] : {}, v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
      continue;
    }
    out[k] = v;
  }
  for (const [f, order] of Object.entries(orders)) {
    if (!Array.isArray(out[f]) || !Array.isArray(order)) continue;
    const key = mergeKeyFor(f, order);
    const list: any[] = out[f];
    if (!key) continue;
    const pos = new Map<any, number>();
    order.forEach((o, i) => pos.set(isObj(o) ? o[key] : o, i));
    out[f] = [...list].sort(
      (a, b) =>
        (pos.get(isObj(a) ? a[key] : a) ?? Infinity) -
        (pos.get(isObj(b) ? b[key] : b) ?? Infinity),
    );
  }
  out = out as Record<string, any>;
  return out;
}

function stripDirectives(v: any): any {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Record<string, any> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(x);
  }
  return out;
}

function smpList(field: string, target: any[], patch: any[]): any[] {
  if (patch.some(p => isObj(p) && p.$patch === 'replace')) {
    return stripDirectives(
      patch.filter(p => !(isObj(p) && p.$patch === 'replace')),
    );
  }
  if (MERGE_PRIMITIVE.has(field) && patch.every(p => !isObj(p))) {
    const out = [...target];
    for (const p of patch) if (!out.includes(p)) out.push(p);
    return out;
  }
  const key = mergeKeyFor(field, patch);
  if (!key || !patch.every(isObj)) return stripDirectives(patch);
  const out = [...target];
  for (const p of patch) {
    const idx = out.findIndex(t => isObj(t) && t[key] === p[key]);
    if (p.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
      continue;
    }
    if (idx >= 0) out[idx] = smpMap(out[idx], p);
    else out.push(stripDirectives(p));
  }
  return out;
}
