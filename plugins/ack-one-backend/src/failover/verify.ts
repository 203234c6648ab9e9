import type { DrStatus, TrafficSplit } from '@internal/plugin-ack-one-common';
import type { GatewayBefore } from './gatewayPlan';

/** Percentage points a measured share may differ from the target by. */
export const WEIGHT_TOLERANCE = 1;

/** A split in words, clusters in the order of `names`. */
const fmt = (split: TrafficSplit, names: Record<string, string>) => {
  const order = Object.keys(names);
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : 1e9);
  return (
    Object.entries(split)
      .sort(([a], [b]) => rank(a) - rank(b))
      .map(([c, v]) => `${names[c] ?? c} ${Math.round(v * 10) / 10}%`)
      .join(' / ') || 'nothing served'
  );
};

/**
 * Whether the DR cache shows `split` in effect on every route of the
 * service (the gateway's effective weights, which count only clusters with
 * ready replicas), and what it shows otherwise.
 */
export function effectiveMatches(
  status: DrStatus,
  split: TrafficSplit,
): { ok: boolean; seen: string } {
  const names = Object.fromEntries(
    status.clusters.map(c => [c.clusterId, c.name]),
  );
  const routes = status.gateway.routes;
  if (!routes.length) return { ok: false, seen: 'no route' };
  for (const r of routes) {
    const ok = Object.keys({ ...split, ...r.effective }).every(
      c =>
        Math.abs((r.effective[c] ?? 0) - (split[c] ?? 0)) <= WEIGHT_TOLERANCE,
    );
    if (!ok) return { ok: false, seen: `${r.id}: ${fmt(r.effective, names)}` };
  }
  return { ok: true, seen: fmt(routes[0].effective, names) };
}

/** Whether the DR cache shows the declared weights recorded before the first step. */
export function declaredRestored(
  status: DrStatus,
  before: GatewayBefore['routes'],
): boolean {
  return before.every(b => {
    const r = status.gateway.routes.find(x => x.id === b.id);
    if (!r) return false;
    if (Math.abs(r.declaredByPods - b.declaredByPods) > 0.5) return false;
    return Object.keys({ ...b.declared, ...r.declared }).every(
      c => Math.abs((r.declared[c] ?? 0) - (b.declared[c] ?? 0)) <= 0.5,
    );
  });
}

/** Resolves after `ms`, or rejects when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: NodeJS.Timeout | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Polls `check` until it returns true or `timeoutMs` passes (then false);
 * rejects when `signal` aborts.
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  signal?: AbortSignal,
  intervalMs = 100,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    signal?.throwIfAborted();
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(Math.min(intervalMs, deadline - Date.now()), signal);
  }
}
