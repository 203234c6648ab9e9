/*
 * The stock Kubernetes backend's per-request fan-out
 * (POST /api/kubernetes/services/:name) on the same services, with the
 * slowed cluster and, for scale, without it.
 */
import fs from 'node:fs';
import type { Simulator } from '@internal/ack-one-simulator';
import { Client } from './client';
import { log, SLOW_MS, STOCK_REQUESTS } from './config';
import { kubeRequests, procCpuMs } from './probes';
import type { World } from './setup';
import { countInto, ms, Stats, stats } from './stats';
import { BenchCluster, BenchService, KUBERNETES_ID_LABEL } from './world';

export interface StockResult {
  stock: Stats;
  stockFast: Stats;
  stockKubeCalls: number;
  stockCpuPerReq: number;
  simCpuPerStockReq: number;
  stockBytes: number;
  stockBad: number;
  stockIssues: Map<string, number>;
}

type StockCall = (s: BenchService) => ReturnType<Client['request']>;

const byName = (s: BenchService) =>
  `/api/catalog/entities/by-name/component/default/${s.name}`;

/** The stock call, with the sampled entities read from the catalog and the
 *  credentials (one kubeconfig per cluster) and connections warmed. */
async function prepare(
  client: Client,
  world: World,
  stockSample: BenchService[],
): Promise<StockCall> {
  const entityOf = new Map<string, unknown>();
  for (const s of [...new Set(stockSample)]) {
    const r = await client.request(byName(s));
    if (r.status !== 200) throw new Error(`catalog: ${s.name} ${r.status}`);
    entityOf.set(s.name, r.body);
  }
  const stockCall = (s: BenchService) =>
    client.request(`/api/kubernetes/services/${s.name}`, {
      method: 'POST',
      body: { entity: entityOf.get(s.name) },
    });
  for (const s of world.services.slice(0, 3)) {
    if (!entityOf.has(s.name)) {
      const r = await client.request(byName(s));
      entityOf.set(s.name, r.body);
    }
    await stockCall(s);
  }
  if (process.env.BENCH_DUMP) {
    const r = await stockCall(world.services[0]);
    fs.writeFileSync(
      `${process.env.BENCH_DUMP}.stock.json`,
      JSON.stringify(r.body, null, 2),
    );
  }
  return stockCall;
}

/** Problems with a stock answer for the bench world, or [] when it is right. */
function stockIssuesOf(
  status: number,
  body: any,
  s: BenchService,
  clusters: BenchCluster[],
) {
  const items: any[] = body?.items ?? [];
  const withDeployment = items.filter(it =>
    (it.resources ?? []).some(
      (x: any) =>
        x.type === 'deployments' &&
        x.resources?.some(
          (d: any) => d.metadata?.labels?.[KUBERNETES_ID_LABEL] === s.name,
        ),
    ),
  ).length;
  const errors = items.flatMap(it => it.errors ?? []).length;
  return [
    ...(status !== 200 ? [`HTTP ${status}`] : []),
    ...(withDeployment !== clusters.length
      ? [`Deployment in ${withDeployment}/${clusters.length} clusters`]
      : []),
    ...(errors ? [`${errors} cluster errors`] : []),
  ];
}

async function sequential(
  stockCall: StockCall,
  sim: Simulator,
  pid: number,
  world: World,
  stockSample: BenchService[],
) {
  const kubeS0 = kubeRequests(sim);
  const cpuS0 = procCpuMs(pid);
  const simCpuS0 = process.cpuUsage();
  const stockLat: number[] = [];
  let stockBytes = 0;
  let stockBad = 0;
  const stockIssues = new Map<string, number>();
  for (const s of stockSample) {
    const r = await stockCall(s);
    stockLat.push(r.ms);
    stockBytes += r.bytes;
    const issues = stockIssuesOf(r.status, r.body, s, world.clusters);
    if (issues.length) {
      stockBad++;
      for (const i of issues) countInto(stockIssues, i);
    }
  }
  const stockKubeCalls = kubeRequests(sim) - kubeS0;
  const stockCpuPerReq = (procCpuMs(pid) - cpuS0) / stockSample.length;
  const simCpu = process.cpuUsage(simCpuS0);
  const simCpuPerStockReq =
    (simCpu.user + simCpu.system) / 1000 / stockSample.length;
  const stock = stats(stockLat);
  log(
    `stock /api/kubernetes/services, ${stock.n} sequential requests: p50 ${ms(
      stock.p50,
    )}, p95 ${ms(stock.p95)}, p99 ${ms(stock.p99)}; ${(
      stockKubeCalls / stock.n
    ).toFixed(0)} Kubernetes API requests each; ${stockBad} wrong answers`,
  );
  return {
    stock,
    stockKubeCalls,
    stockCpuPerReq,
    simCpuPerStockReq,
    stockBytes,
    stockBad,
    stockIssues,
  };
}

/**
 * The same fan-out with every cluster answering at full speed, for scale:
 * the 500 ms cluster sets the stock p50.
 */
async function withoutSlowed(
  stockCall: StockCall,
  sim: Simulator,
  slow: BenchCluster,
  stockSample: BenchService[],
) {
  sim.faults.apiServerLatency(slow.name, 0);
  const fastLat: number[] = [];
  for (const s of stockSample.slice(0, Math.min(20, stockSample.length))) {
    const r = await stockCall(s);
    fastLat.push(r.ms);
  }
  sim.faults.apiServerLatency(slow.name, SLOW_MS);
  const stockFast = stats(fastLat);
  log(
    `stock without the slowed cluster, ${stockFast.n} requests: p50 ${ms(
      stockFast.p50,
    )}, p99 ${ms(stockFast.p99)}`,
  );
  return stockFast;
}

export async function measureStock(opts: {
  client: Client;
  sim: Simulator;
  pid: number;
  world: World;
  slow: BenchCluster;
  sample: BenchService[];
}): Promise<StockResult> {
  const { client, sim, pid, world, slow } = opts;
  const stockSample = opts.sample.slice(0, STOCK_REQUESTS);
  const stockCall = await prepare(client, world, stockSample);
  const seq = await sequential(stockCall, sim, pid, world, stockSample);
  const stockFast = await withoutSlowed(stockCall, sim, slow, stockSample);
  return { ...seq, stockFast };
}
