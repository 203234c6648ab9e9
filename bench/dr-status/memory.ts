/*
 * Backend memory: snapshots of the backend under test by phase, and the
 * baseline of the same backend without the ack-one plugin.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Simulator } from '@internal/ack-one-simulator';
import { Client } from './client';
import { BASELINE, log } from './config';
import { procMemory } from './probes';
import { launch, signIn, waitCatalog } from './setup';
import { mb } from './stats';

export interface MemoryPhase {
  phase: string;
  rss: number;
  heap: number;
  hwm: number;
}

export interface Baseline {
  readyMs: number;
  catalogMs: number;
  rss: number;
  heap: number;
}

/** Memory of a backend after a full gc: rss and peak from /proc, heap from it. */
export async function memStats(c: Client, pid: number) {
  const r = await c.request('/api/bench/stats?gc=1');
  const p = procMemory(pid);
  const m = r.body?.memory ?? {};
  return { rss: p?.rss ?? m.rss, heap: m.heapUsed, hwm: p?.hwm ?? NaN };
}

/** Records the memory of one backend at named phases. */
export function memoryRecorder(client: Client, pid: number) {
  const phases: MemoryPhase[] = [];
  return {
    phases,
    async snapshot(phase: string) {
      phases.push({ phase, ...(await memStats(client, pid)) });
    },
  };
}

/**
 * The same backend without the ack-one plugin: its memory with the same
 * catalog is the baseline the DR cache adds to. Undefined when
 * BENCH_BASELINE=0.
 */
export async function measureBaseline(
  dir: string,
  sim: Simulator,
  catalogPath: string,
): Promise<Baseline | undefined> {
  if (!BASELINE) return undefined;
  const b = await launch(dir, sim, catalogPath, 'baseline', {
    BENCH_WITHOUT_ACK_ONE: '1',
  });
  try {
    await signIn(b.client);
    const catalogMs = await waitCatalog(b.client, b.tSpawn, 'baseline');
    await sleep(3000);
    const m = await memStats(b.client, b.pid);
    log(`baseline: rss ${mb(m.rss)}, heap ${mb(m.heap)} after gc; stopping it`);
    return { readyMs: b.readyMs, catalogMs, rss: m.rss, heap: m.heap };
  } finally {
    await b.backend.stop();
  }
}
