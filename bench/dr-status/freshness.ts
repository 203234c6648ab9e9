/*
 * Freshness of the DR status: a replica change (scale) in one member
 * cluster, polled through the API until the new desired and ready counts
 * are visible, against when the pods became ready in the cluster.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Simulator } from '@internal/ack-one-simulator';
import { Client, drPath } from './client';
import { log, POLL_MS, SCALE_TRIALS, SEED } from './config';
import type { World } from './setup';
import { ms, prng } from './stats';
import { BenchCluster, BenchService, REPLICAS } from './world';

export interface Trial {
  cluster: string;
  service: string;
  desiredSeen: number;
  readyInCluster: number;
  readySeen: number;
}

/** Resolves to when the simulator's Deployment reached `target` ready. */
function watchReady(
  sim: Simulator,
  c: BenchCluster,
  s: BenchService,
  target: number,
) {
  const store = sim.world.server(c.name).api.store;
  let readyAt = NaN;
  const off = store.onEvent(ev => {
    if (
      ev.typeKey === 'apps/deployments' &&
      ev.obj.metadata.name === s.name &&
      ev.obj.metadata.namespace === s.namespace &&
      ev.obj.status?.readyReplicas === target &&
      Number.isNaN(readyAt)
    )
      readyAt = performance.now();
  });
  return { readyAt: () => readyAt, off };
}

/** Polls the DR status every POLL_MS (up to 10 s) for the new counts. */
async function pollVisible(
  client: Client,
  c: BenchCluster,
  s: BenchService,
  target: number,
  tScale: number,
) {
  let desiredSeen = NaN;
  let readySeen = NaN;
  while (performance.now() - tScale < 10_000) {
    const tick = performance.now();
    const r = await client.request(drPath(s));
    const w = (r.body?.workloads ?? []).find(
      (x: any) => x.kind === 'Deployment' && x.name === s.name,
    );
    const inCluster = (w?.clusters ?? []).find(
      (x: any) => x.clusterId === c.clusterId,
    );
    const now = performance.now();
    if (inCluster?.desired === target && Number.isNaN(desiredSeen))
      desiredSeen = now - tScale;
    if (inCluster?.ready === target && Number.isNaN(readySeen))
      readySeen = now - tScale;
    if (!Number.isNaN(desiredSeen) && !Number.isNaN(readySeen)) break;
    await sleep(Math.max(0, POLL_MS - (performance.now() - tick)));
  }
  return { desiredSeen, readySeen };
}

/** BENCH_SCALE_TRIALS replica changes, round-robin over the clusters. */
export async function measureFreshness(
  client: Client,
  sim: Simulator,
  world: World,
): Promise<Trial[]> {
  const trials: Trial[] = [];
  const rtrial = prng(SEED + 1);
  for (let i = 0; i < SCALE_TRIALS; i++) {
    const c = world.clusters[i % world.clusters.length];
    const s = world.services[Math.floor(rtrial() * world.services.length)];
    const target = REPLICAS + 1 + (i % 2);
    const ready = watchReady(sim, c, s, target);
    const tScale = performance.now();
    sim.faults.scale(c.name, s.namespace, s.name, target);
    const { desiredSeen, readySeen } = await pollVisible(
      client,
      c,
      s,
      target,
      tScale,
    );
    ready.off();
    const readyAt = ready.readyAt();
    trials.push({
      cluster: c.name,
      service: s.name,
      desiredSeen,
      readyInCluster: readyAt - tScale,
      readySeen,
    });
    log(
      `scale ${c.name}/${
        s.name
      } ${REPLICAS}->${target}: desired visible after ${ms(
        desiredSeen,
      )}; ready in the cluster after ${ms(
        readyAt - tScale,
      )}, visible after ${ms(readySeen)}`,
    );
  }
  return trials;
}
