import { errors, KubeError } from './status';
import {
  apiVersionOf,
  ResourceRegistry,
  ResourceType,
  typeKey,
} from './resources';
import { Store } from './Store';
import { jsonPatch, mergePatch, strategicMergePatch } from './patch';
import { parse as parseYaml } from 'yaml';

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

export interface WriteOptions {
  dryRun?: boolean;
  /** internal writers (controllers) may write status together with spec */
  internal?: boolean;
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

let ipCounter = 0;

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
    this.checkNamespace(t, obj.metadata.namespace);
    this.admit(t, obj, undefined);
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
    this.admit(t, obj, prev);
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
    let patch: any;
    try {
      patch = type === 'apply' ? parseYaml(rawBody) : JSON.parse(rawBody);
    } catch (e) {
      throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    const existing = this.store.get(
      this.key(t),
      t.namespaced ? namespace : undefined,
      name,
    );
    if (!existing) {
      if (type === 'apply' && !opts.subresource) {
        return this.create(
          t,
          namespace,
          { ...patch, metadata: { ...(patch?.metadata ?? {}), name } },
          opts,
        );
      }
      throw errors.notFound(t.group, t.plural, name);
    }
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
    const rvInPatch =
      type === 'json' ? undefined : patch?.metadata?.resourceVersion;
    patched.metadata.resourceVersion = rvInPatch;
    return this.update(t, patched, opts);
  }

  private applyPatch(type: PatchType, target: any, patch: any) {
    switch (type) {
      case 'json':
        return jsonPatch(target, patch);
      case 'merge':
        return mergePatch(target, patch);
      case 'strategic':
        return strategicMergePatch(target, patch);
      case 'apply':
        return strategicMergePatch(target, patch);
      default:
        throw errors.unsupportedMedia(String(type));
    }
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
    if (!t.subresources?.includes('scale')) throw errors.pathNotFound();
    const sel = obj.spec?.selector?.matchLabels ?? {};
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        creationTimestamp: obj.metadata.creationTimestamp,
      },
      spec: { replicas: obj.spec?.replicas ?? 1 },
      status: {
        replicas: obj.status?.replicas ?? 0,
        selector: Object.entries(sel)
          .map(([k, v]) => `${k}=${v}`)
          .join(','),
      },
    };
  }

  writeScale(
    t: ResourceType,
    existing: any,
    scale: any,
    opts: WriteOptions = {},
  ) {
    const replicas = scale?.spec?.replicas;
    if (
      typeof replicas !== 'number' ||
      replicas < 0 ||
      !Number.isInteger(replicas)
    ) {
      throw errors.invalid(
        'Scale',
        existing.metadata.name,
        'spec.replicas: Invalid value: must be greater than or equal to 0',
      );
    }
    if (
      scale.metadata?.resourceVersion &&
      scale.metadata.resourceVersion !== existing.metadata.resourceVersion
    ) {
      throw errors.conflict(t.group, t.plural, existing.metadata.name);
    }
    const updated = this.update(
      t,
      {
        ...existing,
        spec: { ...existing.spec, replicas },
        metadata: { ...existing.metadata, resourceVersion: undefined },
      },
      opts,
    );
    return this.scaleOf(t, updated);
  }

  // ---- admission: defaults and a little validation ----

  private admit(t: ResourceType, obj: any, prev: any | undefined) {
    const md = obj.metadata;
    if (md.labels) {
      for (const [k, v] of Object.entries(md.labels)) {
        if (typeof v !== 'string') {
          throw errors.invalid(
            t.kind,
            md.name,
            `metadata.labels: Invalid value: label "${k}" must be a string`,
          );
        }
      }
    }
    switch (t.kind) {
      case 'Namespace':
        md.labels = {
          ...(md.labels ?? {}),
          'kubernetes.io/metadata.name': md.name,
        };
        obj.spec = obj.spec ?? { finalizers: ['kubernetes'] };
        obj.status = obj.status ?? { phase: 'Active' };
        break;
      case 'Deployment':
      case 'StatefulSet':
      case 'ReplicaSet': {
        obj.spec = obj.spec ?? {};
        if (obj.spec.replicas === undefined) obj.spec.replicas = 1;
        if (typeof obj.spec.replicas !== 'number' || obj.spec.replicas < 0) {
          throw errors.invalid(
            t.kind,
            md.name,
            'spec.replicas: Invalid value: must be greater than or equal to 0',
          );
        }
        const sel = obj.spec.selector;
        if (!sel || (!sel.matchLabels && !sel.matchExpressions)) {
          throw errors.invalid(
            t.kind,
            md.name,
            'spec.selector: Required value',
          );
        }
        const tl = obj.spec.template?.metadata?.labels ?? {};
        for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
          if (tl[k] !== v) {
            throw errors.invalid(
              t.kind,
              md.name,
              'spec.template.metadata.labels: Invalid value: `selector` does not match template `labels`',
            );
          }
        }
        if (
          !Array.isArray(obj.spec.template?.spec?.containers) ||
          obj.spec.template.spec.containers.length === 0
        ) {
          throw errors.invalid(
            t.kind,
            md.name,
            'spec.template.spec.containers: Required value',
          );
        }
        if (
          prev &&
          JSON.stringify(prev.spec?.selector) !== JSON.stringify(sel)
        ) {
          throw errors.invalid(
            t.kind,
            md.name,
            'spec.selector: Invalid value: field is immutable',
          );
        }
        if (t.kind === 'Deployment') {
          obj.spec.strategy = obj.spec.strategy ?? {
            type: 'RollingUpdate',
            rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
          };
          obj.spec.revisionHistoryLimit = obj.spec.revisionHistoryLimit ?? 10;
          obj.spec.progressDeadlineSeconds =
            obj.spec.progressDeadlineSeconds ?? 600;
        }
        break;
      }
      case 'Service': {
        obj.spec = obj.spec ?? {};
        obj.spec.type = obj.spec.type ?? 'ClusterIP';
        obj.spec.sessionAffinity = obj.spec.sessionAffinity ?? 'None';
        if (prev?.spec?.clusterIP) {
          obj.spec.clusterIP = prev.spec.clusterIP;
          obj.spec.clusterIPs = prev.spec.clusterIPs;
        } else if (!obj.spec.clusterIP) {
          ipCounter++;
          const ip = `${this.opts.serviceCidrPrefix ?? '192.168'}.${
            (ipCounter >> 8) & 255
          }.${ipCounter & 255}`;
          obj.spec.clusterIP = ip;
          obj.spec.clusterIPs = [ip];
        }
        obj.spec.ipFamilies = obj.spec.ipFamilies ?? ['IPv4'];
        obj.spec.ipFamilyPolicy = obj.spec.ipFamilyPolicy ?? 'SingleStack';
        obj.spec.ports = (obj.spec.ports ?? []).map((p: any) => ({
          protocol: 'TCP',
          ...p,
          targetPort: p.targetPort ?? p.port,
        }));
        obj.status = obj.status ?? { loadBalancer: {} };
        break;
      }
      case 'Secret':
        if (obj.stringData) {
          obj.data = { ...(obj.data ?? {}) };
          for (const [k, v] of Object.entries(obj.stringData))
            obj.data[k] = Buffer.from(String(v)).toString('base64');
          delete obj.stringData;
        }
        obj.type = obj.type ?? 'Opaque';
        break;
      case 'Pod':
        obj.spec = obj.spec ?? {};
        if (
          !Array.isArray(obj.spec.containers) ||
          obj.spec.containers.length === 0
        ) {
          throw errors.invalid(
            'Pod',
            md.name,
            'spec.containers: Required value',
          );
        }
        obj.status = obj.status ?? {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'True' }],
        };
        break;
      case 'Ingress':
        obj.status = obj.status ?? { loadBalancer: {} };
        break;
      case 'CustomResourceDefinition': {
        const s = obj.spec ?? {};
        if (
          !s.group ||
          !s.names?.plural ||
          !s.names?.kind ||
          !Array.isArray(s.versions) ||
          !s.versions.length
        ) {
          throw errors.invalid(
            t.kind,
            md.name,
            'spec: group, names.plural, names.kind and versions are required',
          );
        }
        if (md.name !== `${s.names.plural}.${s.group}`) {
          throw errors.invalid(
            t.kind,
            md.name,
            `metadata.name: Invalid value: must be spec.names.plural+"."+spec.group`,
          );
        }
        break;
      }
      default:
        break;
    }
  }

  /** A CRD created through the API makes its custom resources servable. */
  private registerCrd(crd: any) {
    const s = crd.spec;
    for (const v of s.versions) {
      if (v.served === false) continue;
      if (this.registry.get(s.group, v.name, s.names.plural)) continue;
      this.registry.add({
        group: s.group,
        version: v.name,
        kind: s.names.kind,
        plural: s.names.plural,
        singular: s.names.singular ?? s.names.kind.toLowerCase(),
        namespaced: s.scope !== 'Cluster',
        shortNames: s.names.shortNames,
        subresources: [
          ...(v.subresources?.status ? (['status'] as const) : []),
          ...(v.subresources?.scale ? (['scale'] as const) : []),
        ],
        hasGeneration: true,
      });
    }
  }
}
