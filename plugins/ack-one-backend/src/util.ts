import type { KubeConfig } from '@kubernetes/client-node';
import { kubeGetJson } from './cache/requests';

/**
 * Asks an API server for its version (`GET /version`); rejects when it does
 * not answer within `timeoutMs`. The request and its connection are closed
 * at the deadline or when `signal` aborts, so a silent server holds no
 * socket once the probe has failed.
 */
export async function probeApiServer(
  kc: KubeConfig,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<void> {
  await kubeGetJson(kc, '/version', {}, { timeoutMs, signal });
}
