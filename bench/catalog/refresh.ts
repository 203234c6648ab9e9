/*
 * The measured provider runs: the first (cold) refresh, with cloud and
 * Kubernetes API calls, time per service method and memory; then a second
 * (warm) refresh in the same process, with cached kubeconfigs.
 */
import type { Simulator } from '@internal/ack-one-simulator';
import { k8sCalls, sum } from './config';
import type { MethodStats } from './instruments';
import type { Connected } from './provider';

export async function coldRefresh(sim: Simulator, c: Connected) {
  sim.cloud.resetCallCount();
  c.service.resetCallCounts();
  global.gc?.();
  const mem0 = process.memoryUsage();
  const t0 = performance.now();
  const result = await c.provider.refresh();
  const runMs = performance.now() - t0;
  const mem1 = process.memoryUsage();
  const methods: MethodStats = new Map(
    [...c.stats.entries()].map(([k, v]) => [k, { ...v }]),
  );
  return {
    result,
    runMs,
    memory: { before: mem0, after: mem1 },
    simCalls: sim.cloud.callCount(),
    svcCalls: c.service.getCallCounts(),
    methods,
  };
}

export type ColdRun = Awaited<ReturnType<typeof coldRefresh>>;

export async function warmRefresh(sim: Simulator, c: Connected) {
  c.service.resetCallCounts();
  sim.cloud.resetCallCount();
  const t0 = performance.now();
  const warm = await c.provider.refresh();
  const ms = performance.now() - t0;
  const calls = sim.cloud.callCount();
  return {
    ms,
    entities: warm.entities,
    calls,
    total: sum(calls),
    k8s: k8sCalls(c.service.getCallCounts()),
  };
}

export type WarmRun = Awaited<ReturnType<typeof warmRefresh>>;
