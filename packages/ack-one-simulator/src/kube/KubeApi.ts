import { errors, KubeError } from './status';
import {
  apiVersionOf,
  ResourceRegistry,
  ResourceType,
  typeKey,
} from './resources';
import { nowRfc3339, Store } from './Store';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch';
import { admit } from './admission';
import { builtinSchema, crdSchema, openObjectSchema, Schema } from './schema';
import { FieldValidation, validateFields } from './fieldValidation';
import { trackUpdate } from './ssa/fieldManager';
import { TrackContext } from './ssa/managedFields';
import { applyRequest } from './ssa/applyRequest';
import { parse as parseYaml } from 'yaml';
import { checkScale, crdTypes, scaleOf } from './subresources';

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export function patchTypeOf(contentType: string | undefined): PatchType {
  const ct = (contentType ?? '').split(';')[0].trim().toLowerCase();
  switch (ct) {
    case 'application/json-patch+json':
      return 'json';
    case 'application/merge-patch+json':
      return 'merge';
    case 'application/strategic-merge-patch+json':
      return 'strategic';
    case 'application/apply-patch+yaml':
    case 'application/apply-patch+cbor':
      return 'apply';
    default:
      throw errors.unsupportedMedia(ct);
  }
}

/** What an API request adds to a write: its field manager and field validation. */
export interface RequestContext {
  /** `fieldManager` of the request (or the client's User-Agent prefix) */
  fieldManager: string;
  fieldValidation: FieldValidation;
  /** `force` of an apply patch */
  force?: boolean;
  /** the request body as sent, to find duplicate fields */
  rawBody?: string;
  /** warnings for the response (`Warning` headers) */
  warnings: string[];
}

export interface WriteOptions {
  dryRun?: boolean;
  /** internal writers (controllers) may write status together with spec */
  internal?: boolean;
  /** set for API requests: field validation and managedFields tracking */
  request?: RequestContext;
  /** internal writers recorded in managedFields (e.g. `kube-controller-manager`) */
  manager?: string;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

/**
 * The API semantics of one cluster, independent of HTTP: type resolution,
 * defaulting and validation (a small subset of admission), status
 * subresource rules, the scale subresource, patches and cascading deletes.
 * Used by the HTTP layer (KubeServer), the controllers and the world.
 */
export class KubeApi {
  readonly store: Store;
  readonly registry = new ResourceRegistry();

  constructor(
    readonly opts: { historySize?: number; serviceCidrPrefix?: string } = {},
  ) {
    this.store = new Store({ historySize: opts.historySize });
  }

  resolve(group: string, version: string, plural: string): ResourceType {
    const t = this.registry.get(group, version, plural);
    if (!t) throw errors.pathNotFound();
    return t;
  }

  typeFor(apiVersion: string, kind: string): ResourceType {
    const t = this.registry.forKind(apiVersion, kind);
    if (!t) {
      throw errors.badRequest(
        `no matches for kind "${kind}" in version "${apiVersion}"`,
      );
    }
    return t;
  }

  key(t: ResourceType) {
    return typeKey(t.group, t.plural);
  }

  // ---- convenience API used by controllers/world (apiVersion + kind) ----

  getObj(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): any | undefined {
    const t = this.typeFor(apiVersion, kind);
    return this.store.get(
      this.key(t),
      t.namespaced ? namespace : undefined,
      name,
    );
  }

  listObjs(apiVersion: string, kind: string, namespace?: string): any[] {
    const t = this.typeFor(apiVersion, kind);
    return this.store.list(this.key(t), { namespace }).items;
  }

  /** Create or replace (keeping status unless given), like a simplified `kubectl apply`. */
  upsert(obj: any, opts: WriteOptions = {}): any {
    const t = this.typeFor(obj.apiVersion, obj.kind);
    const existing = this.store.get(
      this.key(t),
      t.namespaced ? obj.metadata.namespace ?? 'default' : undefined,
      obj.metadata.name,
    );
    if (!existing)
      return this.create(t, obj.metadata.namespace, obj, {
        internal: true,
        ...opts,
      });
    const next = {
      ...obj,
      metadata: {
        ...existing.metadata,
        ...obj.metadata,
        resourceVersion: undefined,
      },
      status: obj.status ?? existing.status,
    };
    return this.update(t, next, { internal: true, ...opts });
  }

  removeObj(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
  ): boolean {
    const t = this.typeFor(apiVersion, kind);
    try {
      this.delete(t, namespace, name);
      return true;
    } catch (e) {
      if (e instanceof KubeError && e.code === 404) return false;
      throw e;
    }
  }

  /** Writes only the status of an object (controllers). No-op when the object is gone. */
  setStatus(obj: any, status: any): any | undefined {
    const t = this.typeFor(obj.apiVersion, obj.kind);
    const cur = this.store.get(
      this.key(t),
      obj.metadata.namespace,
      obj.metadata.name,
    );
    if (!cur) return undefined;
    if (JSON.stringify(cur.status) === JSON.stringify(status)) return cur;
    return this.store.update(t, this.key(t), {
      ...cur,
      status,
      metadata: { ...cur.metadata, resourceVersion: undefined },
    });
  }

  // ---- verbs ----

  get(t: ResourceType, namespace: string | undefined, name: string): any {
    const o = this.store.get(
      this.key(t),
      t.namespaced ? namespace : undefined,
      name,
    );
    if (!o) throw errors.notFound(t.group, t.plural, name);
    return o;
  }

  private checkNamespace(t: ResourceType, namespace: string | undefined) {
    if (!t.namespaced) return;
    if (!this.store.get('/namespaces', undefined, namespace ?? 'default')) {
      throw errors.notFound('', 'namespaces', namespace ?? 'default');
    }
  }

  create(
    t: ResourceType,
    namespace: string | undefined,
    body: any,
    opts: WriteOptions = {},
  ): any {
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw errors.badRequest('the request body is not an object');
    if (body.kind && body.kind !== t.kind) {
      throw errors.badRequest(
        `the API version in the data (${
          body.apiVersion
        }) does not match the expected API version (${apiVersionOf(t)})`,
      );
    }
    const obj = clone(body);
    obj.metadata = obj.metadata ?? {};
    if (t.namespaced) {
      if (
        namespace &&
        obj.metadata.namespace &&
        obj.metadata.namespace !== namespace
      ) {
        throw errors.badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      obj.metadata.namespace = namespace ?? obj.metadata.namespace ?? 'default';
    }
    this.validate(t, obj, opts);
    this.checkNamespace(t, obj.metadata.namespace);
    admit(t, obj, undefined, this.opts.serviceCidrPrefix);
    this.track(t, undefined, obj, opts);
    const created = this.store.create(t, this.key(t), obj, opts);
    if (!opts.dryRun && t.kind === 'CustomResourceDefinition')
      this.registerCrd(created);
    return created;
  }

  update(
    t: ResourceType,
    body: any,
    opts: WriteOptions & { subresource?: string } = {},
  ): any {
    if (!body || typeof body !== 'object' || !body.metadata?.name)
      throw errors.badRequest('metadata.name is required');
    const prev = this.get(
      t,
      body.metadata.namespace ?? (t.namespaced ? 'default' : undefined),
      body.metadata.name,
    );
    let obj = clone(body);
    if (opts.subresource === 'status') {
      obj = {
        ...prev,
        status: obj.status,
        metadata: {
          ...prev.metadata,
          resourceVersion: body.metadata.resourceVersion,
        },
      };
    } else if (
      !opts.internal &&
      t.subresources?.includes('status') &&
      t.kind !== 'Namespace'
    ) {
      obj.status = prev.status;
    }
    if (!opts.internal) {
      // metadata fields users cannot change
      obj.metadata.generation = prev.metadata.generation;
    }
    this.validate(t, obj, opts);
    admit(t, obj, prev, this.opts.serviceCidrPrefix);
    this.track(t, prev, obj, opts);
    return this.store.update(t, this.key(t), obj, opts);
  }

  patch(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    type: PatchType,
    rawBody: string,
    opts: WriteOptions & { subresource?: string } = {},
  ): any {
    if (type === 'apply' && opts.subresource !== 'scale')
      return this.apply(t, namespace, name, rawBody, opts);
    let patch: any;
    try {
      patch = type === 'apply' ? parseYaml(rawBody) : JSON.parse(rawBody);
    } catch (e) {
      throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    const existing = this.get(t, namespace, name);
    if (opts.subresource === 'scale') {
      const scale = this.scaleOf(t, existing);
      const patched = this.applyPatch(type, scale, patch);
      return this.writeScale(t, existing, patched, opts);
    }
    const base = clone(existing);
    const patched = this.applyPatch(type, base, patch);
    if (!patched || typeof patched !== 'object')
      throw errors.badRequest('patch result is not an object');
    patched.metadata = patched.metadata ?? {};
    if (patched.metadata.name !== name) {
      throw errors.badRequest(
        `the name of the object (${patched.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    // a resourceVersion in the patch is a precondition; otherwise last-writer-wins
    // (a JSON patch leaves the live one in place unless it replaces it)
    patched.metadata.resourceVersion =
      type === 'json'
        ? patched.metadata.resourceVersion
        : patch?.metadata?.resourceVersion;
    return this.update(t, patched, opts);
  }

  /** Server-side apply (`application/apply-patch+yaml`). */
  private apply(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    rawBody: string,
    opts: WriteOptions & { subresource?: string },
  ): any {
    const ns = t.namespaced ? namespace ?? 'default' : undefined;
    const existing = this.store.get(this.key(t), ns, name);
    if (!existing && opts.subresource)
      throw errors.notFound(t.group, t.plural, name);
    const merged = applyRequest(
      t,
      { namespace: ns, name, rawBody, request: opts.request },
      existing,
      this.trackContext(t, opts.subresource),
    );
    const write: WriteOptions = { dryRun: opts.dryRun };
    if (!existing) return this.create(t, ns, merged, write);
    if (opts.subresource === 'status') {
      const next = {
        ...existing,
        status: merged.status,
        metadata: {
          ...existing.metadata,
          managedFields: merged.metadata.managedFields,
          resourceVersion: merged.metadata.resourceVersion,
        },
      };
      return this.store.update(t, this.key(t), next, write);
    }
    return this.update(t, merged, write);
  }

  private applyPatch(type: PatchType, target: any, patch: any) {
    switch (type) {
      case 'json':
        return jsonPatch(target, patch);
      case 'merge':
        return mergePatch(target, patch);
      case 'strategic':
      case 'apply':
        return strategicMergePatch(target, patch);
      default:
        throw errors.unsupportedMedia(String(type));
    }
  }

  // ---- schemas, field validation and managedFields ----

  /** The schema of a kind: built-in, from its CRD, or open. */
  schemaOf(t: ResourceType): Schema {
    const builtin = builtinSchema(t.group, t.version, t.kind);
    if (builtin) return builtin;
    const crd = this.store.get(
      'apiextensions.k8s.io/customresourcedefinitions',
      undefined,
      `${t.plural}.${t.group}`,
    );
    const v = (crd?.spec?.versions ?? []).find((x: any) => x?.name === t.version);
    return v ? crdSchema(v.schema?.openAPIV3Schema) : openObjectSchema();
  }

  trackContext(t: ResourceType, subresource?: string): TrackContext {
    return {
      schema: this.schemaOf(t),
      apiVersion: apiVersionOf(t),
      hasStatus: !!t.subresources?.includes('status'),
      subresource:
        subresource === 'status' || subresource === 'scale'
          ? subresource
          : undefined,
      now: nowRfc3339(),
    };
  }

  private validate(
    t: ResourceType,
    obj: any,
    opts: WriteOptions & { subresource?: string },
  ) {
    const req = opts.request;
    if (!req || opts.subresource) return;
    const warnings = validateFields(
      t,
      this.schemaOf(t),
      obj,
      req.rawBody,
      req.fieldValidation,
    );
    req.warnings.push(...warnings);
  }

  private track(
    t: ResourceType,
    prev: any | undefined,
    obj: any,
    opts: WriteOptions & { subresource?: string },
  ) {
    const manager = opts.request?.fieldManager ?? opts.manager;
    if (manager === undefined) return;
    trackUpdate(prev, obj, manager, this.trackContext(t, opts.subresource));
  }

  delete(
    t: ResourceType,
    namespace: string | undefined,
    name: string,
    opts: WriteOptions & {
      preconditions?: { uid?: string; resourceVersion?: string };
    } = {},
  ): any {
    const deleted = this.store.delete(
      t,
      this.key(t),
      t.namespaced ? namespace : undefined,
      name,
      {
        dryRun: opts.dryRun,
        ...opts.preconditions,
      },
    );
    if (opts.dryRun) return deleted;
    if (t.kind === 'Namespace') {
      for (const rt of this.registry.all()) {
        if (!rt.namespaced) continue;
        for (const o of this.store.list(this.key(rt), { namespace: name })
          .items) {
          try {
            this.store.delete(rt, this.key(rt), name, o.metadata.name);
          } catch {
            // already gone
          }
        }
      }
    }
    if (t.kind === 'CustomResourceDefinition') {
      for (const v of deleted.spec?.versions ?? [])
        this.registry.remove(
          deleted.spec.group,
          v.name,
          deleted.spec.names?.plural,
        );
    }
    return deleted;
  }

  // ---- scale subresource ----

  scaleOf(t: ResourceType, obj: any) {
    return scaleOf(t, obj);
  }

  writeScale(
    t: ResourceType,
    existing: any,
    scale: any,
    opts: WriteOptions = {},
  ) {
    const replicas = checkScale(t, existing, scale);
    const updated = this.update(
      t,
      {
        ...existing,
        spec: { ...existing.spec, replicas },
        metadata: { ...existing.metadata, resourceVersion: undefined },
      },
      { ...opts, subresource: 'scale' },
    );
    return scaleOf(t, updated);
  }

  /** A CRD created through the API makes its custom resources servable. */
  private registerCrd(crd: any) {
    for (const t of crdTypes(crd)) {
      if (!this.registry.get(t.group, t.version, t.plural))
        this.registry.add(t);
    }
  }
}
