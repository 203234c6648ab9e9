/*
 * The moves of the benchmark: a failover request checked, created by one
 * user, approved by another, followed until it ends; and waiting until the
 * DR status shows a split with every replica ready.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  DrStatus,
  FailoverRequest,
} from '@internal/plugin-ack-one-common';
import type { ApiCall } from './backend';
import { ALICE, BOB, ENTITY, log, sinceStart } from './config';
import type { LoadWindow } from './load';

export interface Move {
  name: string;
  request: FailoverRequest;
  /** Client-side instants (ms since the start). */
  approvedAt: number;
  seenDoneAt: number;
  load: LoadWindow;
  warmUpS?: number;
  shiftS?: number;
}

/** Resolves when both clusters are reachable, ready, and routed at `split`. */
export async function settled(call: ApiCall, split: Record<string, number>) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const s: DrStatus = await call(
      'GET',
      '/v1/entities/component/default/web-demo/dr-status',
      ALICE,
    );
    const ok =
      s.clusters.length === 2 &&
      s.clusters.every(c => c.reachable) &&
      s.workloads.every(w => w.clusters.every(c => c.ready === c.desired)) &&
      Object.entries(split).every(
        ([c, v]) =>
          Math.abs((s.gateway.routes[0]?.effective[c] ?? 0) - v) < 0.5,
      );
    if (ok) return;
    if (Date.now() > deadline) throw new Error('the DR status did not settle');
    await sleep(100);
  }
}

/** Polls the request until it leaves the open states. */
async function untilEnded(call: ApiCall, id: string) {
  for (;;) {
    const request: FailoverRequest = await call(
      'GET',
      `/v1/failovers/${id}`,
      ALICE,
    );
    if (!['requested', 'approved', 'executing'].includes(request.state))
      return request;
    await sleep(20);
  }
}

/** Where the warm-up ended: its length and the shift's after it. */
function warmUpSplit(request: FailoverRequest) {
  const warm = request.events.find(e => e.reason?.startsWith('warm-up'));
  if (!warm) return {};
  const end = Date.parse(request.events.at(-1)!.at);
  const decided = Date.parse(request.decidedAt!);
  return {
    warmUpS: (Date.parse(warm.at) - decided) / 1000,
    shiftS: (end - Date.parse(warm.at)) / 1000,
  };
}

export async function move(
  call: ApiCall,
  name: string,
  weights: Record<string, number>,
  warmUp: boolean,
): Promise<Move> {
  const input = {
    entityRef: ENTITY,
    steps: [{ weights }],
    reason: `benchmark: ${name}`,
    warmUp,
  };
  const checks = await call('POST', '/v1/failovers/checks', ALICE, input);
  const refused = checks.checks.filter((c: any) => !c.passed);
  if (refused.length)
    throw new Error(`${name}: checks fail: ${JSON.stringify(refused)}`);
  const created = await call('POST', '/v1/failovers', ALICE, input);
  const approvedAt = sinceStart();
  await call('POST', `/v1/failovers/${created.id}/approve`, BOB, {
    reason: 'benchmark',
  });
  const request = await untilEnded(call, created.id);
  const seenDoneAt = sinceStart();
  if (request.state !== 'completed')
    throw new Error(
      `${name}: ended ${request.state}: ${JSON.stringify(
        request.events.at(-1),
      )}`,
    );
  log(
    `${name}: completed, ${request.durationSeconds} s from approval to verified weights`,
  );
  return {
    name,
    request,
    approvedAt,
    seenDoneAt,
    load: { total: 0, failed: 0, byCluster: {} },
    ...warmUpSplit(request),
  };
}
