import { KubeError, statusObject } from '../status';
import { Schema } from '../schema';
import { FieldPath, FieldSet, pathString } from './fieldset';

/** One entry of `metadata.managedFields`, with its field set decoded. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** How the writes of one request are attributed and filtered. */
export interface TrackContext {
  schema: Schema;
  /** apiVersion of the resource, e.g. `apps/v1` */
  apiVersion: string;
  /** the type has a status subresource: the main resource ignores status */
  hasStatus: boolean;
  /** `status` or `scale` for writes through a subresource */
  subresource?: string;
  now: string;
}

/** The manager recorded for objects that predate any apply. */
export const BEFORE_FIRST_APPLY = 'before-first-apply';

const META_RESET = [
  'name',
  'namespace',
  'creationTimestamp',
  'selfLink',
  'uid',
  'generation',
  'managedFields',
  'resourceVersion',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/**
 * Drops the fields the API server never attributes to a manager (identity
 * and system metadata), and keeps what the subresource may change: status
 * belongs to the status subresource, the rest to the main resource.
 */
export function filterSet(set: FieldSet, ctx: TrackContext): FieldSet {
  let s = set.withoutSubtrees([
    ['f:apiVersion'],
    ['f:kind'],
    ...META_RESET.map(m => ['f:metadata', `f:${m}`]),
  ]);
  const md = s.node(['f:metadata']);
  if (md) md.self = false;
  if (ctx.subresource === 'status') s = restrict(s, ['f:status']);
  else if (ctx.subresource === 'scale')
    s = restrict(s, ['f:spec', 'f:replicas']);
  else if (ctx.hasStatus) s = s.withoutSubtrees([['f:status']]);
  return s.pruned();
}

function restrict(set: FieldSet, path: FieldPath): FieldSet {
  const out = new FieldSet();
  const n = set.node(path);
  if (!n) return out;
  let cur = out;
  for (const pe of path) {
    const next = new FieldSet();
    cur.kids.set(pe, next);
    cur = next;
  }
  cur.self = n.self;
  for (const [pe, k] of n.kids) cur.kids.set(pe, k.clone());
  return out;
}

export function identityOf(e: {
  manager: string;
  operation: string;
  apiVersion: string;
  subresource?: string;
}): string {
  return JSON.stringify([
    e.manager,
    e.operation,
    e.operation === 'Update' ? e.apiVersion : '',
    e.subresource ?? '',
  ]);
}

/** Decodes `metadata.managedFields`; undefined when it is malformed. */
export function decodeManaged(obj: any): ManagerEntry[] | undefined {
  const list = obj?.metadata?.managedFields;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) return undefined;
  const out: ManagerEntry[] = [];
  for (const e of list) {
    if (!e || typeof e !== 'object') return undefined;
    if (e.operation !== 'Apply' && e.operation !== 'Update') return undefined;
    if (e.fieldsType !== undefined && e.fieldsType !== 'FieldsV1')
      return undefined;
    out.push({
      manager: String(e.manager ?? ''),
      operation: e.operation,
      apiVersion: String(e.apiVersion ?? ''),
      ...(e.subresource ? { subresource: String(e.subresource) } : {}),
      ...(e.time ? { time: String(e.time) } : {}),
      set: FieldSet.fromFieldsV1(e.fieldsV1),
    });
  }
  return out;
}

/** Encodes entries in the API server's order: Apply first, then by time and manager. */
export function encodeManaged(entries: ManagerEntry[]): any[] {
  const sorted = entries
    .filter(e => !e.set.isEmpty())
    .sort(
      (a, b) =>
        cmp(a.operation, b.operation) ||
        cmp(a.time ?? '', b.time ?? '') ||
        cmp(a.manager, b.manager) ||
        cmp(a.apiVersion, b.apiVersion) ||
        cmp(a.subresource ?? '', b.subresource ?? ''),
    );
  return sorted.map(e => ({
    manager: e.manager,
    operation: e.operation,
    apiVersion: e.apiVersion,
    ...(e.time ? { time: e.time } : {}),
    fieldsType: 'FieldsV1',
    fieldsV1: e.set.toFieldsV1(),
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));
}

function cmp(a: string, b: string) {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** How a conflict names the owner: `"kubectl" using apps/v1`. */
export function printManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}

/** 409 Conflict with one `FieldManagerConflict` cause per conflicting field. */
export function applyConflictError(
  conflicts: Array<{ owner: ManagerEntry; paths: FieldPath[] }>,
): KubeError {
  const causes: any[] = [];
  const total = conflicts.reduce((n, c) => n + c.paths.length, 0);
  const lines: string[] = [];
  const sorted = [...conflicts].sort((a, b) =>
    cmp(printManager(a.owner), printManager(b.owner)),
  );
  for (const c of sorted) {
    const who = printManager(c.owner);
    lines.push(`conflicts with ${who}:`);
    for (const p of c.paths) {
      causes.push({
        type: 'FieldManagerConflict',
        message: `conflict with ${who}`,
        field: pathString(p),
      });
      lines.push(`- ${pathString(p)}`);
    }
  }
  const message =
    total === 1
      ? `Apply failed with 1 conflict: ${causes[0].message}: ${causes[0].field}`
      : `Apply failed with ${total} conflicts: ${lines.join('\n')}`;
  return new KubeError(statusObject(409, 'Conflict', message, { causes }));
}
