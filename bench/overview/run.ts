/*
 * Benchmark of the DR overview (`GET /api/ack-one/v1/overview`), the blast
 * radius of a cluster and a Fleet's gateway page at 2,000 services, against
 * a real backend on the simulator:
 *
 *   source scripts/env.sh && yarn bench:overview
 *
 * It reuses the world and the backend child process of the DR status
 * benchmark (bench/dr-status: BENCH_CLUSTERS [20] member clusters, one
 * slowed by 500 ms, and BENCH_SERVICES [2000] services in one Fleet).
 * Optional environment (defaults in brackets): BENCH_OVERVIEW_REQUESTS
 * [30], BENCH_BLAST_REQUESTS [10], BENCH_RESULTS_FILE (also write the
 * results as Markdown there). See README.md.
 */
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Simulator } from '@internal/ack-one-simulator';
import { table } from '../lib';
import { Backend, writeCatalog } from '../dr-status/backend-process';
import type { Client } from '../dr-status/client';
import { CLUSTERS, log, SERVICES } from '../dr-status/config';
import { launch, signIn, startSimulatorWorld } from '../dr-status/setup';
import type { World } from '../dr-status/setup';
import { markdownTable, ms, stats } from '../dr-status/stats';
import { waitWarm } from '../dr-status/warmup';
import { exitWith, guardedRun } from '../dr-status/guard';

function intEnv(name: string, def: number) {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.min(v, 10_000) : def;
}
const OVERVIEW_REQUESTS = intEnv('BENCH_OVERVIEW_REQUESTS', 30);
const BLAST_REQUESTS = intEnv('BENCH_BLAST_REQUESTS', 10);

/** Problems with an overview answer for the bench world, or [] when it is right. */
function checkOverview(body: any, world: World): string[] {
  const items: any[] = body?.items ?? [];
  const issues: string[] = [];
  if (items.length !== world.services.length)
    issues.push(`${items.length}/${world.services.length} services`);
  const notReady = items.filter(
    r =>
      r.clusters?.length !== world.clusters.length ||
      r.clusters.some((c: any) => !c.reachable || !(c.ready > 0)),
  );
  if (notReady.length)
    issues.push(`${notReady.length} services not ready everywhere`);
  return issues;
}

/** Polls the overview until every service shows every cluster reachable and ready. */
async function waitOverview(client: Client, world: World) {
  const t = performance.now();
  for (;;) {
    const r = await client.request('/api/ack-one/v1/overview');
    const issues =
      r.status === 200 ? checkOverview(r.body, world) : [`HTTP ${r.status}`];
    if (issues.length === 0) return performance.now() - t;
    if (performance.now() - t > 300_000)
      throw new Error(
        `overview not complete after 300 s: ${issues.join('; ')}`,
      );
    await sleep(500);
  }
}

interface Measured {
  what: string;
  n: number;
  p50: number;
  p95: number;
  max: number;
  bytes: number;
  items: number;
  wrong: number;
}

/** `n` sequential requests of `url`; `check` lists what is wrong with an answer. */
async function measure(
  client: Client,
  what: string,
  url: string,
  n: number,
  check: (body: any) => string[],
): Promise<Measured> {
  const samples: number[] = [];
  let bytes = 0;
  let items = 0;
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    const r = await client.request(url);
    samples.push(r.ms);
    bytes = r.bytes;
    items = Array.isArray(r.body)
      ? r.body.length
      : (r.body?.items ?? r.body?.routes ?? []).length;
    const issues = r.status === 200 ? check(r.body) : [`HTTP ${r.status}`];
    if (issues.length) {
      wrong++;
      if (wrong === 1) log(`${what}: ${issues.join('; ')}`);
    }
  }
  const s = stats(samples);
  log(`${what}: p50 ${ms(s.p50)}, p95 ${ms(s.p95)} over ${n} requests`);
  return { what, n, p50: s.p50, p95: s.p95, max: s.max, bytes, items, wrong };
}

async function measureAll(client: Client, world: World, fleetId: string) {
  const slow = world.clusters[1];
  const rows: Measured[] = [];
  rows.push(
    await measure(
      client,
      'overview, every service',
      '/api/ack-one/v1/overview',
      OVERVIEW_REQUESTS,
      b => checkOverview(b, world),
    ),
  );
  rows.push(
    await measure(
      client,
      `blast radius of ${slow.name} (slowed)`,
      `/api/ack-one/v1/overview/blast-radius?cluster=${slow.clusterId}`,
      BLAST_REQUESTS,
      b =>
        (b?.items ?? []).length === world.services.length
          ? []
          : ['rows missing'],
    ),
  );
  rows.push(
    await measure(
      client,
      'overview, filtered by owner',
      '/api/ack-one/v1/overview?owner=group:default/platform-team',
      OVERVIEW_REQUESTS,
      b => checkOverview(b, world),
    ),
  );
  rows.push(
    await measure(
      client,
      'Fleet gateway page',
      `/api/ack-one/v1/fleets/${fleetId}/gateway`,
      BLAST_REQUESTS,
      b => (b?.reachable && (b.routes ?? []).length > 0 ? [] : ['no routes']),
    ),
  );
  rows.push(
    await measure(
      client,
      'catalog read of the same components (reference)',
      `/api/catalog/entities?filter=kind=component,metadata.annotations.ack-one/fleet`,
      OVERVIEW_REQUESTS,
      b =>
        Array.isArray(b) && b.length === world.services.length
          ? []
          : ['entities missing'],
    ),
  );
  return rows;
}

function report(rows: Measured[], world: World, warmMs: number): number {
  const head = ['Request', 'n', 'p50', 'p95', 'max', 'rows', 'KB', 'wrong'];
  const body = rows.map(r => [
    r.what,
    String(r.n),
    ms(r.p50),
    ms(r.p95),
    ms(r.max),
    String(r.items),
    (r.bytes / 1024).toFixed(0),
    String(r.wrong),
  ]);
  const title = `DR overview: ${world.services.length} services, ${
    world.clusters.length
  } clusters (${world.clusters[1].name} +500 ms), ${
    os.cpus().length
  } CPUs, Node ${process.version}; overview complete ${(warmMs / 1000).toFixed(
    1,
  )} s after the DR cache was warm`;
  // eslint-disable-next-line no-console
  console.log(`\n${title}\n\n${table([head, ...body])}\n`);
  if (process.env.BENCH_RESULTS_FILE)
    fs.writeFileSync(
      process.env.BENCH_RESULTS_FILE,
      `${title}\n\n${markdownTable([head, ...body])}\n`,
    );
  return rows.some(r => r.wrong > 0) ? 1 : 0;
}

async function runBench(
  dir: string,
  onSim: (sim: Simulator) => void,
  onBackend: (backend: Backend) => void,
): Promise<number> {
  log(`DR overview bench: ${CLUSTERS} clusters x ${SERVICES} services`);
  const { sim, world } = await startSimulatorWorld(dir, onSim);
  const catalogPath = writeCatalog(dir, world.services);
  const main = await launch(dir, sim, catalogPath, 'backend', {});
  onBackend(main.backend);
  await signIn(main.client);
  await waitWarm(main.client, world, main.tSpawn);
  const warmMs = await waitOverview(main.client, world);
  const rows = await measureAll(main.client, world, world.fleet.clusterId);
  return report(rows, world, warmMs);
}

exitWith(guardedRun('ack-one-overview-bench-', runBench));
