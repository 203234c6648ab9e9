import { FieldPath, FieldSet } from './fieldset';
import {
  applyConflictError,
  BEFORE_FIRST_APPLY,
  decodeManaged,
  encodeManaged,
  filterSet,
  identityOf,
  ManagerEntry,
  TrackContext,
} from './managedFields';
import { compare, deepEqual, merge, removePath, toFieldSet } from './typed';
import {
  allowedByLastApplied,
  KUBECTL_MANAGER,
  syncLastApplied,
} from './lastApplied';

/**
 * Field ownership as the API server tracks it in `metadata.managedFields`:
 * Update operations (create, update, merge / JSON / strategic patches)
 * take the fields they change without conflicts; Apply operations own
 * exactly the fields of their configuration, conflict with other owners
 * of fields whose values they change unless forced, and remove the fields
 * they stopped applying when nobody else owns them.
 */

function withoutManaged(obj: any): any {
  if (!obj?.metadata?.managedFields) return obj;
  const { managedFields, ...md } = obj.metadata;
  return { ...obj, metadata: md };
}

function changes(live: any, next: any, ctx: TrackContext) {
  const c = compare(withoutManaged(live ?? {}), withoutManaged(next), ctx.schema);
  return {
    changed: filterSet(c.added.union(c.modified), ctx),
    removed: filterSet(c.removed, ctx).members(),
  };
}

function store(obj: any, entries: ManagerEntry[]) {
  const encoded = encodeManaged(entries);
  obj.metadata = obj.metadata ?? {};
  if (encoded.length) obj.metadata.managedFields = encoded;
  else delete obj.metadata.managedFields;
}

/**
 * Records an Update by `manager` on `next` (in place): the fields it
 * changed move to its entry from any other owner.
 */
export function trackUpdate(
  live: any | undefined,
  next: any,
  manager: string,
  ctx: TrackContext,
): void {
  let entries: ManagerEntry[] | undefined;
  if (!ctx.subresource && next?.metadata?.managedFields?.length)
    entries = decodeManaged(next);
  if (!entries) entries = liveEntries(live, ctx);
  const { changed, removed } = changes(live, next, ctx);
  const self = {
    manager,
    operation: 'Update' as const,
    apiVersion: ctx.apiVersion,
    ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
  };
  const selfId = identityOf(self);
  let mine: ManagerEntry | undefined;
  for (const e of entries) {
    if (identityOf(e) === selfId) {
      mine = e;
      continue;
    }
    e.set = e.set.difference(changed).withoutSubtrees(removed);
  }
  if (!mine) {
    mine = { ...self, set: new FieldSet() };
    entries.push(mine);
  }
  mine.set = mine.set.withoutSubtrees(removed).union(changed);
  if (!changed.isEmpty()) mine.time = ctx.now;
  store(next, entries);
}

/**
 * Entries of the live object. An object written without field tracking
 * (before any tracked write) is owned by `before-first-apply`, as the API
 * server does for objects that predate managedFields.
 */
function liveEntries(live: any | undefined, ctx: TrackContext): ManagerEntry[] {
  const entries = decodeManaged(live) ?? [];
  if (!live || entries.length) return entries;
  const { changed } = changes({}, live, { ...ctx, subresource: undefined });
  return changed.isEmpty()
    ? []
    : [
        {
          manager: BEFORE_FIRST_APPLY,
          operation: 'Update',
          apiVersion: ctx.apiVersion,
          set: changed,
        },
      ];
}

/** The part of an applied configuration the (sub)resource may set. */
function applicable(config: any, ctx: TrackContext) {
  if (ctx.subresource === 'status') return { status: config.status };
  if (!ctx.hasStatus || config.status === undefined) return config;
  const { status, ...rest } = config;
  return rest;
}

/**
 * Server-side apply of `config` by `manager` onto `live` (undefined when
 * the apply creates the object). Returns the new object with its
 * managedFields, or throws 409 Conflict.
 */
export function applyConfig(
  live: any | undefined,
  rawConfig: any,
  manager: string,
  force: boolean,
  ctx: TrackContext,
): any {
  const config = applicable(rawConfig, ctx);
  const entries = liveEntries(live, ctx);
  const selfId = identityOf({ manager, operation: 'Apply', apiVersion: ctx.apiVersion, subresource: ctx.subresource });
  const mine = entries.find(e => identityOf(e) === selfId);
  const others = entries.filter(e => e !== mine);
  const newSet = filterSet(toFieldSet(config, ctx.schema).set, ctx);
  const base = live ? structuredClone(withoutManaged(live)) : {};
  const merged: any = merge(base, config, ctx.schema);
  prune(merged, mine?.set, newSet, others, ctx);

  const { changed, removed } = changes(live, merged, ctx);
  const conflicts: Array<{ owner: ManagerEntry; paths: FieldPath[]; set: FieldSet }> = [];
  for (const e of others) {
    const c = e.set.intersection(changed);
    if (!c.isEmpty()) conflicts.push({ owner: e, paths: c.members(), set: c });
  }
  if (conflicts.length && !force && !allowedConflicts(live, manager, conflicts, ctx))
    throw applyConflictError(conflicts);
  for (const e of others) {
    const c = conflicts.find(x => x.owner === e);
    if (c) e.set = e.set.difference(c.set);
    e.set = e.set.withoutSubtrees(removed);
  }
  const objectChanged = !deepEqual(withoutManaged(live), withoutManaged(merged));
  const next: ManagerEntry = {
    manager,
    operation: 'Apply',
    apiVersion: ctx.apiVersion,
    ...(ctx.subresource ? { subresource: ctx.subresource } : {}),
    time: objectChanged || !mine ? ctx.now : mine.time,
    set: newSet,
  };
  store(merged, [...others, next]);
  if (manager === KUBECTL_MANAGER) syncLastApplied(merged, rawConfig);
  return merged;
}

/** `kubectl` may take over what its last client-side apply set. */
function allowedConflicts(
  live: any,
  manager: string,
  conflicts: Array<{ set: FieldSet }>,
  ctx: TrackContext,
): boolean {
  if (manager !== KUBECTL_MANAGER) return false;
  const allowed = allowedByLastApplied(live, ctx);
  if (!allowed) return false;
  return conflicts.every(c => c.set.difference(allowed).isEmpty());
}

/** Removes what the applier stopped applying, unless someone else owns it. */
function prune(
  obj: any,
  last: FieldSet | undefined,
  now: FieldSet,
  others: ManagerEntry[],
  ctx: TrackContext,
) {
  if (!last) return;
  const dropped = last.members().filter(p => !now.has(p));
  for (const p of dropped) {
    if (now.touches(p) || others.some(e => e.set.touches(p))) continue;
    removePath(obj, p, ctx.schema);
  }
}
