/**
 * Sets of field paths, as server-side apply records them in
 * `metadata.managedFields[].fieldsV1`. A path is a list of elements:
 * `f:<field or map key>`, `k:<JSON object of the list-map keys>`,
 * `v:<JSON value of a set item>` or `i:<index>`. A node is a member of the
 * set when its own path belongs to it (FieldsV1 writes `.` for a member that
 * also has children).
 */
export type PathElement = string;
export type FieldPath = PathElement[];

export class FieldSet {
  self = false;
  readonly kids = new Map<PathElement, FieldSet>();

  static fromFieldsV1(v: unknown): FieldSet {
    const s = new FieldSet();
    if (v && typeof v === 'object' && !Array.isArray(v)) readInto(s, v as any);
    return s;
  }

  static of(paths: FieldPath[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  insert(path: FieldPath): void {
    const leaf = path.reduce<FieldSet>((cur, pe) => {
      let next = cur.kids.get(pe);
      if (!next) {
        next = new FieldSet();
        cur.kids.set(pe, next);
      }
      return next;
    }, this);
    leaf.self = true;
  }

  has(path: FieldPath): boolean {
    const n = this.node(path);
    return !!n?.self;
  }

  /** true when the path or anything below it is a member */
  touches(path: FieldPath): boolean {
    const n = this.node(path);
    return !!n && !n.isEmpty();
  }

  node(path: FieldPath): FieldSet | undefined {
    return path.reduce<FieldSet | undefined>(
      (cur, pe) => cur?.kids.get(pe),
      this,
    );
  }

  isEmpty(): boolean {
    if (this.self) return false;
    for (const k of this.kids.values()) if (!k.isEmpty()) return false;
    return true;
  }

  /** All member paths, depth first, parents before children. */
  members(prefix: FieldPath = []): FieldPath[] {
    const out: FieldPath[] = [];
    if (this.self && prefix.length) out.push(prefix);
    for (const [pe, k] of [...this.kids.entries()].sort(byKey))
      out.push(...k.members([...prefix, pe]));
    return out;
  }

  /** Member paths that have no member below them. */
  leaves(prefix: FieldPath = []): FieldPath[] {
    const below: FieldPath[] = [];
    for (const [pe, k] of [...this.kids.entries()].sort(byKey))
      below.push(...k.leaves([...prefix, pe]));
    if (this.self && below.length === 0 && prefix.length) return [prefix];
    return below;
  }

  clone(): FieldSet {
    const s = new FieldSet();
    s.self = this.self;
    for (const [pe, k] of this.kids) s.kids.set(pe, k.clone());
    return s;
  }

  union(other: FieldSet): FieldSet {
    const s = this.clone();
    mergeInto(s, other);
    return s;
  }

  difference(other: FieldSet): FieldSet {
    const s = new FieldSet();
    s.self = this.self && !other.self;
    for (const [pe, k] of this.kids) {
      const o = other.kids.get(pe);
      const d = o ? k.difference(o) : k.clone();
      if (!d.isEmpty()) s.kids.set(pe, d);
    }
    return s;
  }

  intersection(other: FieldSet): FieldSet {
    const s = new FieldSet();
    s.self = this.self && other.self;
    for (const [pe, k] of this.kids) {
      const o = other.kids.get(pe);
      if (!o) continue;
      const i = k.intersection(o);
      if (!i.isEmpty()) s.kids.set(pe, i);
    }
    return s;
  }

  /** Drops every member at or below the given paths. */
  withoutSubtrees(paths: FieldPath[]): FieldSet {
    const s = this.clone();
    for (const p of paths) {
      if (!p.length) return new FieldSet();
      const parent = s.node(p.slice(0, -1));
      parent?.kids.delete(p[p.length - 1]);
    }
    return s.pruned();
  }

  pruned(): FieldSet {
    const s = new FieldSet();
    s.self = this.self;
    for (const [pe, k] of this.kids) {
      const p = k.pruned();
      if (!p.isEmpty()) s.kids.set(pe, p);
    }
    return s;
  }

  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const kids = [...this.kids.entries()]
      .filter(([, k]) => !k.isEmpty())
      .sort(byKey);
    if (this.self && kids.length) out['.'] = {};
    for (const [pe, k] of kids) out[pe] = k.toFieldsV1();
    return out;
  }
}

function byKey(a: [string, unknown], b: [string, unknown]) {
  if (a[0] === b[0]) return 0;
  return a[0] < b[0] ? -1 : 1;
}

function readInto(s: FieldSet, v: Record<string, any>) {
  const keys = Object.keys(v);
  if (keys.length === 0) {
    s.self = true;
    return;
  }
  for (const k of keys) {
    if (k === '.') {
      s.self = true;
      continue;
    }
    const child = new FieldSet();
    const cv = v[k];
    if (cv && typeof cv === 'object' && !Array.isArray(cv)) readInto(child, cv);
    else child.self = true;
    s.kids.set(k, child);
  }
}

function mergeInto(s: FieldSet, o: FieldSet) {
  s.self = s.self || o.self;
  for (const [pe, k] of o.kids) {
    const mine = s.kids.get(pe);
    if (mine) mergeInto(mine, k);
    else s.kids.set(pe, k.clone());
  }
}

// ---- path elements ----

export function fieldElement(name: string): PathElement {
  return `f:${name}`;
}

/** `k:{"containerPort":80,"protocol":"TCP"}`: key fields sorted by name. */
export function keyElement(keys: Record<string, unknown>): PathElement {
  const sorted: Record<string, unknown> = {};
  for (const k of Object.keys(keys).sort()) sorted[k] = keys[k];
  return `k:${JSON.stringify(sorted)}`;
}

export function valueElement(v: unknown): PathElement {
  return `v:${JSON.stringify(v)}`;
}

/**
 * The path as the API server prints it in conflicts:
 * `.spec.template.spec.containers[name="web"].image`.
 */
export function pathString(path: FieldPath): string {
  let out = '';
  for (const pe of path) {
    const body = pe.slice(2);
    switch (pe.slice(0, 2)) {
      case 'f:':
        out += `.${body}`;
        break;
      case 'k:': {
        let obj: Record<string, unknown> = {};
        try {
          obj = JSON.parse(body);
        } catch {
          // keep empty
        }
        out += `[${Object.keys(obj)
          .sort()
          .map(k => `${k}=${JSON.stringify(obj[k])}`)
          .join(',')}]`;
        break;
      }
      case 'v:':
        out += `[=${body}]`;
        break;
      case 'i:':
        out += `[${body}]`;
        break;
      default:
        out += `.${pe}`;
    }
  }
  return out;
}
