import './core';
import './workloads';
import { objectFields } from './meta';
import { pod } from './pod';
import {
  allNamed,
  open,
  resolve,
  Schema,
  Struct,
  struct,
} from './types';

export * from './types';
export { pod };

const byGvk = new Map<string, Schema>();
for (const n of allNamed()) {
  for (const g of n.gvk ?? [])
    byGvk.set(`${g.group}/${g.version}/${g.kind}`, {
      kind: 'ref',
      name: n.name,
    });
}

/** The schema of a built-in kind, or undefined (custom resources). */
export function builtinSchema(
  group: string,
  version: string,
  kind: string,
): Schema | undefined {
  return byGvk.get(`${group}/${version}/${kind}`);
}

/** Schema of a custom resource without a structural schema: anything goes. */
export function openObjectSchema(): Struct {
  return struct(objectFields(), { open: true });
}

/**
 * The schema of a custom resource from its CRD version's
 * `openAPIV3Schema`. Without one (or with
 * `x-kubernetes-preserve-unknown-fields` at the root) every field is
 * accepted.
 */
export function crdSchema(openAPIV3Schema: any): Schema {
  if (!openAPIV3Schema || typeof openAPIV3Schema !== 'object')
    return openObjectSchema();
  const root = fromJsonSchema(openAPIV3Schema);
  if (root.kind !== 'struct') return openObjectSchema();
  return struct(
    { ...root.fields, ...objectFields() },
    { open: root.open, description: root.description },
  );
}

function fromJsonSchema(j: any): Schema {
  if (!j || typeof j !== 'object') return open();
  const description = typeof j.description === 'string' ? j.description : undefined;
  if (j['x-kubernetes-int-or-string'])
    return { kind: 'scalar', type: 'string', format: 'int-or-string', description };
  if (j['x-kubernetes-embedded-resource']) return open(description);
  const preserve = j['x-kubernetes-preserve-unknown-fields'] === true;
  switch (j.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return { kind: 'scalar', type: j.type, format: j.format, description, ...(Array.isArray(j.enum) ? { enum: j.enum.map(String) } : {}) };
    case 'array': {
      const listType = j['x-kubernetes-list-type'] ?? 'atomic';
      return {
        kind: 'list',
        items: fromJsonSchema(j.items),
        listType: listType === 'map' || listType === 'set' ? listType : 'atomic',
        keys: j['x-kubernetes-list-map-keys'],
        description,
      };
    }
    case 'object':
    case undefined: {
      if (j.properties && typeof j.properties === 'object') {
        const fields: Record<string, Schema> = {};
        for (const [k, v] of Object.entries(j.properties))
          fields[k] = fromJsonSchema(v);
        return struct(fields, {
          description,
          open: preserve,
          atomic: j['x-kubernetes-map-type'] === 'atomic',
          required: Array.isArray(j.required) ? j.required : undefined,
        });
      }
      if (j.additionalProperties && typeof j.additionalProperties === 'object') {
        return {
          kind: 'map',
          values: fromJsonSchema(j.additionalProperties),
          description,
          atomic: j['x-kubernetes-map-type'] === 'atomic',
        };
      }
      return open(description);
    }
    default:
      return open(description);
  }
}

export { resolve };
