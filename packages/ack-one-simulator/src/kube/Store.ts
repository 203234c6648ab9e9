import { randomUUID } from 'node:crypto';
import { errors } from './status';
import { ResourceType } from './resources';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  type: EventType;
  rv: number;
  /** `<group>/<plural>` */
  typeKey: string;
  obj: any;
  /** the previous version for MODIFIED/DELETED */
  prev?: any;
}

export interface WatchFilter {
  namespace?: string;
  label?: (labels: Record<string, string> | undefined) => boolean;
  field?: (obj: any) => boolean;
}

export interface Watcher {
  filter: WatchFilter;
  send(type: EventType, obj: any, ev: StoreEvent): void;
}

interface TypeData {
  objects: Map<string, any>;
  sorted?: string[];
}

export interface ListOptions {
  namespace?: string;
  label?: (labels: Record<string, string> | undefined) => boolean;
  field?: (obj: any) => boolean;
  limit?: number;
  continueToken?: string;
}

const jsonCache = new WeakMap<object, string>();

/**
 * JSON of a stored object, cached: stored objects are never mutated (writes
 * replace them), so lists and watches serialise each version once.
 */
export function cachedJson(obj: object): string {
  let s = jsonCache.get(obj);
  if (s === undefined) {
    s = JSON.stringify(obj);
    jsonCache.set(obj, s);
  }
  return s;
}

const bufCache = new WeakMap<object, Buffer>();

/** UTF-8 bytes of `cachedJson(obj)`, cached (lists are written as concatenated buffers). */
export function cachedJsonBuffer(obj: object): Buffer {
  let b = bufCache.get(obj);
  if (b === undefined) {
    b = Buffer.from(cachedJson(obj), 'utf8');
    bufCache.set(obj, b);
  }
  return b;
}

export function nowRfc3339(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

function objKey(namespace: string | undefined, name: string) {
  return `${namespace ?? ''}/${name}`;
}

function specPart(obj: any): string {
  const { metadata, status, ...rest } = obj;
  return JSON.stringify(rest);
}

const RAND_CHARS = 'bcdfghjklmnpqrstvwxz2456789';
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++)
    s += RAND_CHARS[Math.floor(Math.random() * RAND_CHARS.length)];
  return s;
}

/** The first index of sorted `keys` whose key fails `before` (binary search). */
function firstIndex(keys: string[], before: (k: string) => boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(keys[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The key a continue token resumes after; 410 Gone when it is too old. */
function continueStart(token: string, oldestRv: number): string {
  let tok: { rv: number; start: string };
  try {
    tok = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw errors.badRequest('continue key is not valid: illegal base64 data');
  }
  if (typeof tok?.start !== 'string')
    throw errors.badRequest('continue key is not valid');
  if (tok.rv < oldestRv) {
    throw errors.gone(
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
    );
  }
  return tok.start;
}

/**
 * The object store of one simulated API server: objects by type and
 * namespace/name, a single resourceVersion counter, and a bounded history
 * of events so watches can resume from a recent resourceVersion (older ones
 * get 410 Gone, as after an etcd compaction).
 */
export class Store {
  private rv: number;
  private readonly data = new Map<string, TypeData>();
  private readonly history: StoreEvent[] = [];
  private historyStart = 0; // index of the oldest event in the ring
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly listeners = new Set<(ev: StoreEvent) => void>();

  constructor(
    readonly opts: { historySize?: number; initialRv?: number } = {},
  ) {
    this.rv = opts.initialRv ?? 1000;
  }

  get historySize() {
    return this.opts.historySize ?? 20000;
  }

  currentRv(): string {
    return String(this.rv);
  }

  /** oldest resourceVersion a watch may resume from */
  oldestRv(): number {
    if (this.history.length < this.historySize) {
      return this.history.length ? this.history[0].rv - 1 : this.rv;
    }
    return this.history[this.historyStart].rv - 1;
  }

  onEvent(fn: (ev: StoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private typeData(typeKey: string): TypeData {
    let d = this.data.get(typeKey);
    if (!d) {
      d = { objects: new Map() };
      this.data.set(typeKey, d);
    }
    return d;
  }

  typeKeys(): string[] {
    return [...this.data.keys()];
  }

  count(typeKey?: string): number {
    if (typeKey) return this.data.get(typeKey)?.objects.size ?? 0;
    let n = 0;
    for (const d of this.data.values()) n += d.objects.size;
    return n;
  }

  get(
    typeKey: string,
    namespace: string | undefined,
    name: string,
  ): any | undefined {
    return this.data.get(typeKey)?.objects.get(objKey(namespace, name));
  }

  /** All objects of a type (optionally one namespace), unsorted, without copying. */
  *iterate(typeKey: string, namespace?: string): IterableIterator<any> {
    const d = this.data.get(typeKey);
    if (!d) return;
    for (const o of d.objects.values()) {
      if (namespace === undefined || o.metadata.namespace === namespace)
        yield o;
    }
  }

  list(typeKey: string, opts: ListOptions = {}) {
    const d = this.data.get(typeKey);
    let page: { items: any[]; cont?: string; remaining?: number } = {
      items: [],
    };
    if (d) {
      if (!d.sorted) d.sorted = [...d.objects.keys()].sort();
      const prefix =
        opts.namespace !== undefined ? `${opts.namespace}/` : undefined;
      let start = 0;
      if (opts.continueToken) {
        const after = continueStart(opts.continueToken, this.oldestRv());
        start = firstIndex(d.sorted, k => k <= after);
      }
      if (prefix !== undefined && start === 0) {
        // keys are sorted: jump to the namespace
        start = firstIndex(d.sorted, k => k < prefix);
      }
      page = this.scan(d, start, prefix, opts);
    }
    return {
      items: page.items,
      resourceVersion: String(this.rv),
      continue: page.cont,
      remainingItemCount: page.remaining,
    };
  }

  /** One page of matching objects from `start`, and where the next begins. */
  private scan(
    d: TypeData,
    start: number,
    prefix: string | undefined,
    opts: ListOptions,
  ) {
    const keys = d.sorted!;
    const items: any[] = [];
    const limit = opts.limit && opts.limit > 0 ? opts.limit : Infinity;
    let cont: string | undefined;
    let i = start;
    for (; i < keys.length; i++) {
      const k = keys[i];
      if (prefix !== undefined && !k.startsWith(prefix)) {
        if (k > prefix) break;
        continue;
      }
      const o = d.objects.get(k);
      if (opts.label && !opts.label(o.metadata.labels)) continue;
      if (opts.field && !opts.field(o)) continue;
      if (items.length >= limit) {
        cont = Buffer.from(
          JSON.stringify({ rv: this.rv, start: keys[i - 1] }),
        ).toString('base64');
        break;
      }
      items.push(o);
    }
    const remaining =
      cont && !opts.label && !opts.field && prefix === undefined
        ? keys.length - i
        : undefined;
    return { items, cont, remaining };
  }

  private record(ev: StoreEvent) {
    const size = this.historySize;
    if (this.history.length < size) this.history.push(ev);
    else {
      this.history[this.historyStart] = ev;
      this.historyStart = (this.historyStart + 1) % size;
    }
    const ws = this.watchers.get(ev.typeKey);
    if (ws) {
      for (const w of ws) this.deliver(w, ev);
    }
    for (const l of this.listeners) {
      try {
        l(ev);
      } catch {
        // controllers must not break writes
      }
    }
  }

  private deliver(w: Watcher, ev: StoreEvent) {
    const f = w.filter;
    const matches = (o: any) =>
      o !== undefined &&
      (f.namespace === undefined || o.metadata.namespace === f.namespace) &&
      (!f.label || f.label(o.metadata.labels)) &&
      (!f.field || f.field(o));
    const now = matches(ev.obj);
    if (ev.type === 'MODIFIED') {
      const before = matches(ev.prev);
      if (now && before) w.send('MODIFIED', ev.obj, ev);
      else if (now) w.send('ADDED', ev.obj, ev);
      else if (before) w.send('DELETED', ev.obj, ev);
    } else if (now) w.send(ev.type, ev.obj, ev);
  }

  /**
   * Registers a watcher. With `sinceRv` undefined the caller is expected to
   * have sent the initial state itself; with a number, the events after it
   * are replayed. Throws 410 Gone when `sinceRv` is older than the history.
   */
  watch(typeKey: string, w: Watcher, sinceRv?: number): () => void {
    if (sinceRv !== undefined) {
      if (sinceRv < this.oldestRv()) {
        throw errors.gone(
          `too old resource version: ${sinceRv} (${this.oldestRv() + 1})`,
        );
      }
      const n = this.history.length;
      for (let j = 0; j < n; j++) {
        const ev = this.history[(this.historyStart + j) % n];
        if (ev.rv > sinceRv && ev.typeKey === typeKey) this.deliver(w, ev);
      }
    }
    let set = this.watchers.get(typeKey);
    if (!set) {
      set = new Set();
      this.watchers.set(typeKey, set);
    }
    set.add(w);
    return () => set!.delete(w);
  }

  watcherCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }

  /** Creates an object, filling in metadata (uid, resourceVersion, creationTimestamp, generation). */
  create(
    type: ResourceType,
    typeKey: string,
    input: any,
    opts: { dryRun?: boolean } = {},
  ): any {
    const md = { ...(input.metadata ?? {}) };
    if (!md.name && md.generateName)
      md.name = `${md.generateName}${randomSuffix()}`;
    if (!md.name)
      throw errors.invalid(
        type.kind,
        '',
        'metadata.name: Required value: name or generateName is required',
      );
    if (
      !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(md.name) ||
      md.name.length > 253
    ) {
      throw errors.invalid(
        type.kind,
        md.name,
        `metadata.name: Invalid value: "${md.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character`,
      );
    }
    if (type.namespaced) {
      if (!md.namespace) md.namespace = 'default';
    } else delete md.namespace;
    const d = this.typeData(typeKey);
    const key = objKey(md.namespace, md.name);
    if (d.objects.has(key))
      throw errors.alreadyExists(type.group, type.plural, md.name);
    if (opts.dryRun) {
      return {
        ...input,
        apiVersion: input.apiVersion,
        kind: type.kind,
        metadata: { ...md, uid: randomUUID(), creationTimestamp: nowRfc3339() },
      };
    }
    this.rv++;
    md.uid = randomUUID();
    md.resourceVersion = String(this.rv);
    md.creationTimestamp = nowRfc3339();
    if (type.hasGeneration) md.generation = 1;
    delete md.deletionTimestamp;
    const obj = {
      ...input,
      apiVersion: type.group ? `${type.group}/${type.version}` : type.version,
      kind: type.kind,
      metadata: md,
    };
    d.objects.set(key, obj);
    d.sorted = undefined;
    this.record({ type: 'ADDED', rv: this.rv, typeKey, obj });
    return obj;
  }

  /**
   * Replaces an object. When `input.metadata.resourceVersion` is set it must
   * match the stored one (409 Conflict otherwise).
   */
  update(
    type: ResourceType,
    typeKey: string,
    input: any,
    opts: { dryRun?: boolean } = {},
  ): any {
    const d = this.typeData(typeKey);
    const md = input.metadata ?? {};
    const key = objKey(
      type.namespaced ? md.namespace ?? 'default' : undefined,
      md.name,
    );
    const prev = d.objects.get(key);
    if (!prev) throw errors.notFound(type.group, type.plural, md.name);
    if (
      md.resourceVersion &&
      md.resourceVersion !== prev.metadata.resourceVersion
    ) {
      throw errors.conflict(type.group, type.plural, md.name);
    }
    const newMd = {
      ...md,
      namespace: prev.metadata.namespace,
      uid: prev.metadata.uid,
      creationTimestamp: prev.metadata.creationTimestamp,
    };
    if (!type.namespaced) delete newMd.namespace;
    if (type.hasGeneration) {
      newMd.generation =
        specPart(input) !== specPart(prev)
          ? (prev.metadata.generation ?? 1) + 1
          : prev.metadata.generation ?? 1;
    }
    const obj = {
      ...input,
      apiVersion: prev.apiVersion,
      kind: prev.kind,
      metadata: newMd,
    };
    if (opts.dryRun)
      return {
        ...obj,
        metadata: { ...newMd, resourceVersion: prev.metadata.resourceVersion },
      };
    // a no-op update keeps the resourceVersion, as in Kubernetes
    const cmp = {
      ...obj,
      metadata: { ...newMd, resourceVersion: prev.metadata.resourceVersion },
    };
    if (JSON.stringify(cmp) === JSON.stringify(prev)) return prev;
    this.rv++;
    newMd.resourceVersion = String(this.rv);
    d.objects.set(key, obj);
    this.record({ type: 'MODIFIED', rv: this.rv, typeKey, obj, prev });
    return obj;
  }

  delete(
    type: ResourceType,
    typeKey: string,
    namespace: string | undefined,
    name: string,
    opts: { dryRun?: boolean; uid?: string; resourceVersion?: string } = {},
  ): any {
    const d = this.typeData(typeKey);
    const key = objKey(type.namespaced ? namespace : undefined, name);
    const prev = d.objects.get(key);
    if (!prev) throw errors.notFound(type.group, type.plural, name);
    if (opts.uid && opts.uid !== prev.metadata.uid)
      throw errors.conflict(type.group, type.plural, name);
    if (
      opts.resourceVersion &&
      opts.resourceVersion !== prev.metadata.resourceVersion
    ) {
      throw errors.conflict(type.group, type.plural, name);
    }
    if (opts.dryRun) return prev;
    this.rv++;
    d.objects.delete(key);
    d.sorted = undefined;
    const obj = {
      ...prev,
      metadata: { ...prev.metadata, resourceVersion: String(this.rv) },
    };
    this.record({ type: 'DELETED', rv: this.rv, typeKey, obj, prev });
    return obj;
  }

  /** Every object, for saving a world. */
  dump(): Array<{ typeKey: string; obj: any }> {
    const out: Array<{ typeKey: string; obj: any }> = [];
    for (const [typeKey, d] of this.data)
      for (const obj of d.objects.values()) out.push({ typeKey, obj });
    return out;
  }

  /** Restores objects verbatim (no events), for loading a world. */
  restore(items: Array<{ typeKey: string; obj: any }>, rv: number) {
    for (const { typeKey, obj } of items) {
      const d = this.typeData(typeKey);
      d.objects.set(objKey(obj.metadata.namespace, obj.metadata.name), obj);
      d.sorted = undefined;
    }
    this.rv = Math.max(this.rv, rv);
  }
}
