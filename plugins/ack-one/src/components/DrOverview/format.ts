import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';

/**
 * An entity ref as people say it: `platform-team` for
 * `group:default/platform-team`, `team-a/orders` in another namespace.
 */
export function entityRefLabel(ref: string | undefined): string {
  if (!ref) return '';
  try {
    const { namespace, name } = parseEntityRef(ref);
    return namespace === 'default' ? name : `${namespace}/${name}`;
  } catch {
    return ref;
  }
}

/**
 * The message to show for a failed call: the backend's own message when it
 * sent one (a `ResponseError`'s cause), else the error's message.
 */
export function backendMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    const cause = error.cause?.message;
    return cause && !cause.startsWith('Request failed') ? cause : error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Path of a service's Disaster Recovery tab below its entity page. */
export const DR_TAB_PATH = 'disaster-recovery';
