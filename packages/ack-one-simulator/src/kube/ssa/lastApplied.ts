import { FieldSet } from './fieldset';
import { TrackContext, filterSet } from './managedFields';
import { compare, toFieldSet } from './typed';

/**
 * How the API server eases the move from client-side `kubectl apply` to
 * `kubectl apply --server-side` (field manager `kubectl` only): conflicts
 * on fields the last-applied-configuration annotation still describes are
 * not conflicts, and the annotation is kept in step with what is applied.
 */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
export const KUBECTL_MANAGER = 'kubectl';

/** The fields the last client-side apply set and that still hold its values. */
export function allowedByLastApplied(
  live: any,
  ctx: TrackContext,
): FieldSet | undefined {
  const raw = live?.metadata?.annotations?.[LAST_APPLIED];
  if (!raw) return undefined;
  let last: any;
  try {
    last = JSON.parse(raw);
  } catch {
    return undefined;
  }
  const { set, errors } = toFieldSet(last, ctx.schema);
  if (errors.length) return undefined;
  const c = compare(last, live, ctx.schema);
  return filterSet(
    set.difference(c.modified).difference(c.added).difference(c.removed),
    ctx,
  );
}

/** Rewrites the annotation of `obj` (in place) to the applied configuration. */
export function syncLastApplied(obj: any, config: any) {
  if (!obj?.metadata?.annotations?.[LAST_APPLIED]) return;
  const annotations = { ...(config.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  const applied = {
    ...config,
    metadata: {
      ...(config.metadata ?? {}),
      ...(Object.keys(annotations).length ? { annotations } : {}),
    },
  };
  if (!Object.keys(annotations).length) delete applied.metadata.annotations;
  obj.metadata.annotations = {
    ...obj.metadata.annotations,
    [LAST_APPLIED]: `${JSON.stringify(applied)}\n`,
  };
}
