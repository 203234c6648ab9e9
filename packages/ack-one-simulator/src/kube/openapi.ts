import { createHash } from 'node:crypto';
import type { KubeApi } from './KubeApi';
import { ResourceType } from './resources';
import { lookupNamed, Schema } from './schema';

/**
 * OpenAPI v3 discovery: one document per group/version with, for each
 * resource, the PATCH operation tagged with its GVK and the query
 * parameters kubectl checks (`fieldValidation` makes it rely on
 * server-side field validation), and the schemas of the kinds
 * (`kubectl explain` reads fields and descriptions from them). The PATCH
 * operations declare no request body, so kubectl keeps computing
 * strategic merge patches from its compiled-in types.
 */

const PARAM = (name: string, type: string) => ({
  name,
  in: 'query',
  schema: { type, uniqueItems: true },
});
const PATCH_PARAMS = [
  PARAM('dryRun', 'string'),
  PARAM('fieldManager', 'string'),
  PARAM('fieldValidation', 'string'),
  PARAM('force', 'boolean'),
];

function ref(name: string) {
  return `#/components/schemas/${name}`;
}

/** OpenAPI v3 of one schema node; named components it uses are added to `refs`. */
function toOpenApi(s: Schema, refs: Set<string>): any {
  const d = s.description ? { description: s.description } : {};
  switch (s.kind) {
    case 'ref':
      refs.add(s.name);
      return { ...d, allOf: [{ $ref: ref(s.name) }], default: {} };
    case 'scalar':
      return {
        ...d,
        type: s.type,
        ...(s.format ? { format: s.format } : {}),
        ...(s.enum ? { enum: s.enum } : {}),
      };
    case 'open':
      return { ...d, type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    case 'map':
      return {
        ...d,
        type: 'object',
        additionalProperties: toOpenApi(s.values, refs),
        ...(s.atomic ? { 'x-kubernetes-map-type': 'atomic' } : {}),
      };
    case 'list':
      return {
        ...d,
        type: 'array',
        items: toOpenApi(s.items, refs),
        'x-kubernetes-list-type': s.listType,
        ...(s.keys ? { 'x-kubernetes-list-map-keys': s.keys } : {}),
        ...(s.mergeKey
          ? {
              'x-kubernetes-patch-merge-key': s.mergeKey,
              'x-kubernetes-patch-strategy': 'merge',
            }
          : {}),
      };
    case 'struct': {
      const properties: Record<string, any> = {};
      for (const [k, v] of Object.entries(s.fields))
        properties[k] = toOpenApi(v, refs);
      return {
        ...d,
        type: 'object',
        properties,
        ...(s.required ? { required: s.required } : {}),
        ...(s.atomic ? { 'x-kubernetes-map-type': 'atomic' } : {}),
        ...(s.open ? { 'x-kubernetes-preserve-unknown-fields': true } : {}),
      };
    }
    default:
      return {};
  }
}

function componentsFor(api: KubeApi, types: ResourceType[]) {
  const schemas: Record<string, any> = {};
  const pending = new Set<string>();
  for (const t of types) {
    const s = api.schemaOf(t);
    const gvk = [{ group: t.group, kind: t.kind, version: t.version }];
    const name =
      s.kind === 'ref' ? s.name : `${t.group || 'core'}.${t.version}.${t.kind}`;
    const body = s.kind === 'ref' ? lookupNamed(s.name)?.schema : s;
    if (!body) continue;
    schemas[name] = {
      ...toOpenApi(body, pending),
      'x-kubernetes-group-version-kind': gvk,
    };
  }
  for (const name of pending) {
    if (schemas[name]) continue;
    const n = lookupNamed(name);
    if (n) schemas[name] = toOpenApi(n.schema, pending);
  }
  return schemas;
}

function operation(t: ResourceType, group: string, version: string) {
  const gvk = { group, version, kind: t.kind };
  if (t.virtual) {
    return {
      post: {
        operationId: `create${t.kind}`,
        'x-kubernetes-action': 'post',
        'x-kubernetes-group-version-kind': gvk,
        responses: { '201': { description: 'Created' } },
      },
    };
  }
  return {
    patch: {
      operationId: `patch${t.kind}`,
      'x-kubernetes-action': 'patch',
      'x-kubernetes-group-version-kind': gvk,
      parameters: PATCH_PARAMS,
      responses: { '200': { description: 'OK' } },
    },
  };
}

export function openApiV3Doc(
  api: KubeApi,
  gvPath: string,
  kubernetesVersion: string,
) {
  const parts = gvPath.split('/');
  const group = parts[0] === 'api' ? '' : parts[1];
  const version = parts[parts.length - 1];
  const types = api.registry
    .all()
    .filter(t => t.group === group && t.version === version);
  if (!types.length) return undefined;
  const paths: Record<string, any> = {};
  for (const t of types) {
    const scope = t.namespaced ? '/namespaces/{namespace}' : '';
    const p = t.virtual
      ? `/${gvPath}/${t.plural}`
      : `/${gvPath}${scope}/${t.plural}/{name}`;
    paths[p] = operation(t, group, version);
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: `v${kubernetesVersion}` },
    paths,
    components: { schemas: componentsFor(api, types) },
  };
}

/** The root document: one entry per group/version, with a hash of its content. */
export function openApiV3Root(api: KubeApi, kubernetesVersion: string) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [g, versions] of api.registry.groups()) {
    for (const v of versions) {
      const p = g ? `apis/${g}/${v}` : `api/${v}`;
      const doc = openApiV3Doc(api, p, kubernetesVersion);
      const hash = createHash('sha512')
        .update(JSON.stringify(doc))
        .digest('hex')
        .slice(0, 128)
        .toUpperCase();
      paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hash}` };
    }
  }
  return { paths };
}
