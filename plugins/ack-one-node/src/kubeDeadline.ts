import type { ConfigurationOptions } from '@kubernetes/client-node';
import { loadKubernetesClient } from './loadKubernetesClient';

type KubernetesClientModule = typeof import('@kubernetes/client-node');

/**
 * Per-request options of the API classes of `@kubernetes/client-node` 1.x
 * (`kc.makeApiClient(CoreV1Api)` and the like): every generated method takes
 * them as its last argument, e.g. `core.listNamespace({}, options)`.
 */
export type KubeRequestOptions = ConfigurationOptions;

/** A Kubernetes request that was aborted because its deadline passed. */
export class KubeDeadlineError extends Error {
  readonly code = 'RequestTimeout';

  constructor(timeoutMs: number) {
    super(
      `the Kubernetes API request was aborted after its ${timeoutMs} ms deadline`,
    );
    this.name = 'TimeoutError';
  }
}

/**
 * Options that attach `signal` to a request of a generated API method, so
 * aborting the signal aborts the HTTP request (connection, response and
 * body). The client's own authentication is kept.
 */
export function kubeSignalOptions(
  k8s: KubernetesClientModule,
  signal: AbortSignal,
): KubeRequestOptions {
  return {
    middleware: [
      {
        pre: context => {
          context.setSignal(signal);
          return new k8s.Observable(Promise.resolve(context));
        },
        post: response => new k8s.Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: 'append',
  };
}

/**
 * Runs Kubernetes requests under a deadline that aborts them: `fn` gets
 * request options for the generated API methods and the AbortSignal itself
 * (for `fetch` with `KubeConfig.applyToFetchOptions`, or to stop a watch).
 * After `timeoutMs`, or when `signal` aborts, the requests are aborted; a
 * passed deadline fails with a `KubeDeadlineError` (code `RequestTimeout`,
 * which `toAckOneApiError` treats as a retryable network error).
 *
 * @example
 * const pods = await withKubeDeadline(
 *   options => core.listNamespacedPod({ namespace }, options),
 *   5_000,
 * );
 */
export async function withKubeDeadline<T>(
  fn: (options: KubeRequestOptions, signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<T> {
  const k8s = await loadKubernetesClient();
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, Math.max(1, timeoutMs));
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await fn(
      kubeSignalOptions(k8s, controller.signal),
      controller.signal,
    );
  } catch (e) {
    if (timedOut) throw new KubeDeadlineError(timeoutMs);
    throw e;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
