import { createHash } from 'node:crypto';

/** The longest ClientToken the VPC and CEN APIs accept. */
export const MAX_CLIENT_TOKEN_LENGTH = 64;

/**
 * A ClientToken derived from a task id and the key of one create call, so
 * a retried task sends the same token and the cloud answers with the
 * resource the first attempt created instead of a second one.
 *
 * `generation` starts at 0; it is raised only when the resource a token
 * created is gone (its creation failed), so that a new one can be made.
 * The result is 43 printable ASCII characters and reveals neither input.
 *
 * @public
 */
export function clientTokenFor(
  taskId: string,
  key: string,
  generation = 0,
): string {
  const digest = createHash('sha256')
    .update(`${taskId}\u0000${key}\u0000${generation}`)
    .digest('hex');
  return `bs-${digest.slice(0, 40)}`;
}
