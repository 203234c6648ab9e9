/*
 * The DR status side: after the cache is warm and every service was read
 * once, its latency one request at a time (with backend CPU, response size
 * and Kubernetes API requests), the catalog by-name read alone for
 * reference, and the throughput at BENCH_CONCURRENCY.
 */
import fs from 'node:fs';
import type { Simulator } from '@internal/ack-one-simulator';
import { checkDr, Client, drPath } from './client';
import { CONCURRENCY, log, STOCK_REQUESTS } from './config';
import { kubeRequests, procCpuMs, watchMonitor } from './probes';
import type { World } from './setup';
import { ms, pool, Stats, stats } from './stats';
import { EveryService, readEveryService, Warm } from './warmup';
import type { BenchService } from './world';

export type WatchResult = ReturnType<ReturnType<typeof watchMonitor>['result']>;

export interface DrResult extends EveryService {
  dr: Stats;
  drSame: Stats;
  drCpuPerReq: number;
  drBytes: number;
  drKubeCalls: number;
  loopDelay: any;
  catalogRef: Stats;
  catalogCpuPerReq: number;
  drRps: number;
}

/** (a) latency, one request at a time */
async function sequential(
  client: Client,
  sim: Simulator,
  pid: number,
  sample: BenchService[],
) {
  await client.request('/api/bench/stats?reset=1');
  const kube0 = kubeRequests(sim);
  const cpu0 = procCpuMs(pid);
  const lat: number[] = [];
  let bytes = 0;
  for (const s of sample) {
    const r = await client.request(drPath(s));
    if (r.status !== 200)
      throw new Error(`DR status ${r.status} for ${s.name}`);
    lat.push(r.ms);
    bytes += r.bytes;
  }
  const drCpuPerReq = (procCpuMs(pid) - cpu0) / sample.length;
  const drBytes = bytes / sample.length;
  const drKubeCalls = kubeRequests(sim) - kube0;
  const dr = stats(lat);
  const drSame = stats(lat.slice(0, STOCK_REQUESTS));
  const loopDelay = (await client.request('/api/bench/stats')).body
    ?.eventLoopDelayMs;
  log(
    `DR status, ${dr.n} sequential requests: p50 ${ms(dr.p50)}, p95 ${ms(
      dr.p95,
    )}, p99 ${ms(dr.p99)}, max ${ms(dr.max)}`,
  );
  return { dr, drSame, drCpuPerReq, drBytes, drKubeCalls, loopDelay };
}

/** reference: the catalog read alone, which every DR request makes */
async function catalogReference(
  client: Client,
  pid: number,
  sample: BenchService[],
) {
  const refLat: number[] = [];
  const refSample = sample.slice(0, Math.min(500, sample.length));
  const cpuR0 = procCpuMs(pid);
  for (const s of refSample) {
    const r = await client.request(
      `/api/catalog/entities/by-name/component/default/${s.name}`,
    );
    if (r.status !== 200) throw new Error(`catalog ${r.status} for ${s.name}`);
    refLat.push(r.ms);
  }
  const catalogRef = stats(refLat);
  const catalogCpuPerReq = (procCpuMs(pid) - cpuR0) / refSample.length;
  log(
    `reference: catalog by-name, ${catalogRef.n} sequential requests: p50 ${ms(
      catalogRef.p50,
    )}, p99 ${ms(catalogRef.p99)}`,
  );
  return { catalogRef, catalogCpuPerReq };
}

async function throughput(client: Client, sample: BenchService[]) {
  const tT = performance.now();
  await pool(sample, CONCURRENCY, async s => {
    const r = await client.request(drPath(s));
    if (r.status !== 200)
      throw new Error(`DR status ${r.status} for ${s.name}`);
  });
  const drRps = sample.length / ((performance.now() - tT) / 1000);
  log(
    `DR status throughput at concurrency ${CONCURRENCY}: ${drRps.toFixed(
      0,
    )} requests/s`,
  );
  return drRps;
}

/**
 * The DR status measurements, or undefined (with a note) when the endpoint
 * did not answer 200 while warming.
 */
export async function measureDr(opts: {
  client: Client;
  sim: Simulator;
  pid: number;
  world: World;
  sample: BenchService[];
  warm: Warm;
  watchResult: WatchResult;
  kubeToWarm: number;
  snapshot: (phase: string) => Promise<void>;
  notes: string[];
}): Promise<DrResult | undefined> {
  const { client, sim, pid, world, sample, warm, notes } = opts;
  const { watchResult, kubeToWarm } = opts;
  if (warm.status !== 200) {
    log(
      `DR status endpoint not available (GET ${drPath(world.services[0])} -> ${
        warm.status
      } ${JSON.stringify(warm.body).slice(
        0,
        200,
      )}); measuring the stock side only`,
    );
    notes.push(
      `The DR status endpoint answered ${warm.status}: only the stock side was measured.`,
    );
    return undefined;
  }
  if (Number.isNaN(warm.ms))
    notes.push(
      `The DR status of ${
        world.services[0].name
      } never showed every cluster reachable with its workload: ${checkDr(
        warm.body,
        world.services[0],
        world.clusters,
      ).join('; ')}`,
    );
  log(
    `DR cache warm ${(warm.ms / 1000).toFixed(1)} s after spawn; ${
      watchResult.total
    } watches open on ${watchResult.servers} API servers, the last ${(
      watchResult.lastOpenMs / 1000
    ).toFixed(
      1,
    )} s after spawn; ${kubeToWarm} Kubernetes API requests since spawn`,
  );
  const every = await readEveryService(client, world);
  await opts.snapshot('DR cache warm, every service read once');
  if (process.env.BENCH_DUMP) {
    const r = await client.request(drPath(world.services[0]));
    fs.writeFileSync(
      `${process.env.BENCH_DUMP}.dr.json`,
      JSON.stringify(r.body, null, 2),
    );
  }
  const seq = await sequential(client, sim, pid, sample);
  const ref = await catalogReference(client, pid, sample);
  const drRps = await throughput(client, sample);
  return { ...every, ...seq, ...ref, drRps };
}
