import { ResponseError } from '@backstage/errors';
import { clusterLocationOf } from '@internal/plugin-ack-one-common';

/** How a cloud-side state is shown: green, amber, red, or neutral. */
export type StateSeverity = 'ok' | 'warning' | 'error' | 'unknown';

const OK_STATES = new Set(['running', 'successed', 'succeeded', 'listening']);
const WARNING_STATES = new Set([
  'initial',
  'waiting',
  'updating',
  'upgrading',
  'scaling',
  'removing',
  'draining',
  'deleting',
  'installing',
  'pending',
]);
const ERROR_STATES = new Set([
  'failed',
  'disconnected',
  'unavailable',
  'inactive',
  'delete_failed',
  'deleted',
]);

/**
 * Maps an ACK One cluster/fleet state or a gateway status to a severity:
 * `running` is green, `waiting`/`initial` (and other transitions) amber,
 * `disconnected`/`failed` (and other dead ends) red.
 */
export function stateSeverity(state: string | undefined): StateSeverity {
  const s = state?.trim().toLocaleLowerCase('en-US');
  if (!s) return 'unknown';
  if (OK_STATES.has(s)) return 'ok';
  if (WARNING_STATES.has(s)) return 'warning';
  if (ERROR_STATES.has(s)) return 'error';
  return 'unknown';
}

const CLUSTER_TYPE_LABELS: Record<string, string> = {
  ExternalKubernetes: 'Registered cluster (IDC)',
  ManagedKubernetes: 'ACK managed cluster',
  Kubernetes: 'ACK dedicated cluster',
};

/** Human label of a CS cluster type, e.g. `ExternalKubernetes`. */
export function clusterTypeLabel(clusterType: string): string {
  return CLUSTER_TYPE_LABELS[clusterType] ?? clusterType;
}

/**
 * Where the cluster runs: the `location` annotation, or derived from the
 * cluster type when only that is known.
 */
export function resolveLocation(
  location: string | undefined,
  clusterType: string | undefined,
): string | undefined {
  if (location) return location;
  if (clusterType) return clusterLocationOf(clusterType);
  return undefined;
}

/** Human label of a cluster location (`idc` / `cloud`). */
export function locationLabel(location: string): string {
  switch (location) {
    case 'idc':
      return 'IDC (own data centre)';
    case 'cloud':
      return 'Alibaba Cloud';
    default:
      return location;
  }
}

/** Parses a `true`/`false` annotation; anything else is unknown. */
export function parseBoolean(value: string | undefined): boolean | undefined {
  const v = value?.trim().toLocaleLowerCase('en-US');
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** True when a request failed with 404 Not Found. */
export function isNotFound(error: unknown): boolean {
  if (ResponseError.is(error)) {
    return error.statusCode === 404;
  }
  return (error as Error | undefined)?.name === 'NotFoundError';
}

/** A one-line description of an error, including the server's reason. */
export function describeError(error: unknown): string {
  if (ResponseError.is(error)) {
    const cause = error.cause?.message;
    if (cause && !cause.startsWith('Request failed')) {
      return `${error.message}: ${cause}`;
    }
    return error.message;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}
