/**
 * A compact structural schema of the objects the simulated API servers
 * serve. It carries what server-side apply and field validation need
 * (declared fields, map / list semantics and list keys) and the short
 * descriptions `kubectl explain` prints. Parts of a type that are not
 * modelled field by field are `open`: any content is accepted there, maps
 * merge key by key and lists are atomic, as for a custom resource with
 * `x-kubernetes-preserve-unknown-fields`.
 */
export type Schema = Scalar | Struct | MapOf | ListOf | Open | Ref;

export interface Scalar {
  kind: 'scalar';
  type: 'string' | 'integer' | 'number' | 'boolean';
  format?: string;
  description?: string;
  enum?: string[];
}

export interface Struct {
  kind: 'struct';
  fields: Record<string, Schema>;
  description?: string;
  required?: string[];
  /** the whole struct is owned as one value (`x-kubernetes-map-type: atomic`) */
  atomic?: boolean;
  /** undeclared fields are accepted too */
  open?: boolean;
}

export interface MapOf {
  kind: 'map';
  values: Schema;
  description?: string;
  atomic?: boolean;
}

export interface ListOf {
  kind: 'list';
  items: Schema;
  listType: 'atomic' | 'set' | 'map';
  /** `x-kubernetes-list-map-keys` of a `map` list */
  keys?: string[];
  /** values of key fields an item may omit (e.g. `protocol: TCP`) */
  keyDefaults?: Record<string, unknown>;
  /** `x-kubernetes-patch-merge-key` / strategy, for kubectl explain and SMP */
  mergeKey?: string;
  description?: string;
}

export interface Open {
  kind: 'open';
  description?: string;
}

export interface Ref {
  kind: 'ref';
  name: string;
  description?: string;
}

export interface NamedType {
  name: string;
  schema: Struct;
  gvk?: Array<{ group: string; version: string; kind: string }>;
}

const registry = new Map<string, NamedType>();

/** Registers a named component and returns a reference to it. */
export function named(
  name: string,
  schema: Struct,
  gvk?: NamedType['gvk'],
): Ref {
  registry.set(name, { name, schema, gvk });
  return { kind: 'ref', name };
}

export function lookupNamed(name: string): NamedType | undefined {
  return registry.get(name);
}

export function allNamed(): NamedType[] {
  return [...registry.values()];
}

/** Follows references until a concrete schema. */
export function resolve(s: Schema): Exclude<Schema, Ref> {
  let cur: Schema = s;
  for (let i = 0; cur.kind === 'ref' && i < 20; i++) {
    const n = registry.get(cur.name);
    if (!n) return { kind: 'open' };
    cur = n.schema;
  }
  return cur as Exclude<Schema, Ref>;
}

// ---- builders ----

export const str = (description?: string, enumValues?: string[]): Scalar => ({
  kind: 'scalar',
  type: 'string',
  description,
  ...(enumValues ? { enum: enumValues } : {}),
});
export const int = (description?: string): Scalar => ({
  kind: 'scalar',
  type: 'integer',
  format: 'int32',
  description,
});
export const int64 = (description?: string): Scalar => ({
  kind: 'scalar',
  type: 'integer',
  format: 'int64',
  description,
});
export const bool = (description?: string): Scalar => ({
  kind: 'scalar',
  type: 'boolean',
  description,
});
export const time = (description?: string): Scalar => ({
  kind: 'scalar',
  type: 'string',
  format: 'date-time',
  description,
});
export const intOrString = (description?: string): Scalar => ({
  kind: 'scalar',
  type: 'string',
  format: 'int-or-string',
  description,
});
export const quantity = (description?: string): Scalar => ({
  kind: 'scalar',
  type: 'string',
  format: 'quantity',
  description,
});
export const open = (description?: string): Open => ({
  kind: 'open',
  description,
});
export const struct = (
  fields: Record<string, Schema>,
  opts: Omit<Struct, 'kind' | 'fields'> = {},
): Struct => ({ kind: 'struct', fields, ...opts });
export const mapOf = (
  values: Schema = str(),
  description?: string,
  atomic?: boolean,
): MapOf => ({ kind: 'map', values, description, atomic });
export const atomicList = (items: Schema, description?: string): ListOf => ({
  kind: 'list',
  items,
  listType: 'atomic',
  description,
});
export const setList = (items: Schema, description?: string): ListOf => ({
  kind: 'list',
  items,
  listType: 'set',
  description,
});
export const keyedList = (
  items: Schema,
  keys: string[],
  opts: {
    description?: string;
    keyDefaults?: Record<string, unknown>;
    mergeKey?: string;
  } = {},
): ListOf => ({
  kind: 'list',
  items,
  listType: 'map',
  keys,
  mergeKey: opts.mergeKey ?? keys[0],
  ...opts,
});

/** A copy of `s` with its description set (references keep theirs apart). */
export function describe<T extends Schema>(s: T, description: string): T {
  return { ...s, description };
}
