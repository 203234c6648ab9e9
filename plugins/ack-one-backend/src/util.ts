import { loadKubernetesClient } from '@internal/plugin-ack-one-node';
import type { KubeConfig } from '@kubernetes/client-node';

/** Rejects when `p` has not settled within `ms`, saying the API server did not answer. */
export async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`the API server did not answer within ${ms} ms`)),
          ms,
        );
      }),
    ]);
  } finally {
    if (timer) clearTimeout(timer);
  }
}

/** Asks an API server for its version (`GET /version`); rejects when it does not answer in time. */
export async function probeApiServer(
  kc: KubeConfig,
  timeoutMs: number,
): Promise<void> {
  const k8s = await loadKubernetesClient();
  await withTimeout(kc.makeApiClient(k8s.VersionApi).getCode(), timeoutMs);
}
