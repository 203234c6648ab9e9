import { parse as parseYaml } from 'yaml';
import { errors, invalidOptions, KubeError, statusObject } from '../status';
import { apiVersionOf, ResourceType } from '../resources';
import { validateApplyYaml } from '../fieldValidation';
import type { RequestContext } from '../KubeApi';
import { applyConfig } from './fieldManager';
import { TrackContext } from './managedFields';
import { isObj, toFieldSet } from './typed';

/** An error the API server reports as 500 without a reason, as for typed conversions. */
function internal(message: string): KubeError {
  const s = statusObject(500, '', message);
  delete (s as any).reason;
  return new KubeError(s);
}

function decode(rawBody: string): any {
  let config: unknown;
  try {
    config = parseYaml(rawBody, { uniqueKeys: false });
  } catch (e) {
    throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
  }
  if (!isObj(config))
    throw errors.badRequest('error decoding YAML: the patch is not an object');
  return config;
}

/**
 * Checks an apply request the way the API server does before merging:
 * a field manager, the resource's apiVersion and kind, the name and
 * namespace of the URL, no managedFields, and only fields the schema
 * declares ("field not declared in schema" fails whatever the field
 * validation directive; duplicate keys follow it).
 */
function checkConfig(
  t: ResourceType,
  config: any,
  target: { namespace?: string; name: string },
  ctx: TrackContext,
) {
  if (config.apiVersion !== apiVersionOf(t)) {
    throw errors.badRequest(
      `Incorrect version specified in apply patch. Specified patch version: ${
        config.apiVersion ?? ''
      }, expected: ${apiVersionOf(t)}`,
    );
  }
  const md = config.metadata ?? {};
  if (md.managedFields !== undefined)
    throw errors.badRequest('metadata.managedFields must be nil');
  if (md.name !== undefined && md.name !== target.name) {
    throw errors.badRequest(
      `the name of the object (${md.name}) does not match the name on the URL (${target.name})`,
    );
  }
  if (t.namespaced && md.namespace && md.namespace !== target.namespace) {
    throw errors.badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  }
  const gvk = `${t.group}/${t.version}, Kind=${config.kind ?? ''}`;
  const where = `${md.namespace ?? ''}/${md.name ?? ''}; ${gvk}`;
  if (config.kind !== t.kind) {
    throw internal(
      `failed to create typed patch object (${where}): no corresponding type for ${gvk}`,
    );
  }
  const problems = toFieldSet(config, ctx.schema).errors;
  if (problems.length) {
    const detail =
      problems.length === 1
        ? problems[0]
        : `errors:\n  ${problems.join('\n  ')}`;
    throw internal(`failed to create typed patch object (${where}): ${detail}`);
  }
}

/** Runs a server-side apply request; returns the object to store. */
export function applyRequest(
  t: ResourceType,
  target: {
    namespace?: string;
    name: string;
    rawBody: string;
    request?: RequestContext;
  },
  existing: any | undefined,
  ctx: TrackContext,
): any {
  const req = target.request;
  if (!req?.fieldManager) {
    throw invalidOptions(
      'PatchOptions',
      'fieldManager',
      'FieldValueRequired',
      'Required value: is required for apply patch',
    );
  }
  req.warnings.push(...validateApplyYaml(target.rawBody, req.fieldValidation));
  const config = decode(target.rawBody);
  checkConfig(t, config, target, ctx);
  const merged = applyConfig(
    existing,
    config,
    req.fieldManager,
    !!req.force,
    ctx,
  );
  merged.apiVersion = apiVersionOf(t);
  merged.kind = t.kind;
  merged.metadata = { ...merged.metadata, name: target.name };
  if (t.namespaced) merged.metadata.namespace = target.namespace;
  merged.metadata.resourceVersion = config.metadata?.resourceVersion;
  return merged;
}
