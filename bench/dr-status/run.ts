/*
 * Benchmark of the DR status endpoint against the target:
 *
 *   "20 clusters x 2,000 services, one cluster slowed by 500 ms: DR status
 *    p99 under 50 ms, and at least 10x faster than the stock kubernetes
 *    backend's per-request fan-out measured side by side in the same run on
 *    the same simulator; a replica change visible in the API within 1 s;
 *    backend memory for that world reported."
 *
 *   source scripts/env.sh && yarn bench:dr
 *
 * Optional environment (defaults in brackets): BENCH_CLUSTERS [20],
 * BENCH_SERVICES [2000], BENCH_DR_REQUESTS [2000], BENCH_STOCK_REQUESTS
 * [40], BENCH_SCALE_TRIALS [10], BENCH_CONCURRENCY [8], BENCH_SEED [1],
 * BENCH_RESULTS_FILE (also write the results as Markdown there),
 * BENCH_KEEP_LOG (keep the backend log and print its path), BENCH_DUMP
 * (write one DR status and one stock answer to <BENCH_DUMP>.dr.json and
 * .stock.json), BENCH_BASELINE=0 (skip the memory baseline).
 *
 * This process runs the simulator (world built by ./world.ts) and the HTTP
 * client; the Backstage backend (./backend.ts) runs in a child process with
 * SQLite in memory, on a free port, with a generated config. See README.md.
 */
import type { Simulator } from '@internal/ack-one-simulator';
import { Backend, writeCatalog, logMatches } from './backend-process';
import { DR_REQUESTS, SEED } from './config';
import { measureFreshness, Trial } from './freshness';
import { measureDr } from './latency';
import { measureBaseline, memoryRecorder } from './memory';
import { kubeRequests, watchMonitor } from './probes';
import { report } from './report';
import { launch, logHeader, signIn, startSimulatorWorld, World } from './setup';
import { prng } from './stats';
import { measureStock } from './stock';
import { waitWarm } from './warmup';
import { FLEET_NAME } from './world';
import { exitWith, guardedRun } from './guard';

/** The services the DR status (and, the first ones, the stock) requests read. */
function sampleServices(world: World) {
  const rand = prng(SEED);
  return Array.from(
    { length: DR_REQUESTS },
    () => world.services[Math.floor(rand() * world.services.length)],
  );
}

async function runBench(
  dir: string,
  onSim: (sim: Simulator) => void,
  onBackend: (backend: Backend) => void,
): Promise<number> {
  logHeader();
  const { sim, world, worldMs, slow } = await startSimulatorWorld(dir, onSim);
  const catalogPath = writeCatalog(dir, world.services);
  const baseline = await measureBaseline(dir, sim, catalogPath);

  const watches = watchMonitor(sim, [
    ...world.clusters.map(c => c.name),
    FLEET_NAME,
  ]);
  const kubeAtSpawn = kubeRequests(sim);
  const main = await launch(dir, sim, catalogPath, 'backend', {});
  onBackend(main.backend);
  const { client, tSpawn, readyMs, pid } = main;
  const memory = memoryRecorder(client, pid);
  await memory.snapshot('backend ready (DR cache starting)');
  await signIn(client);
  const { catalogMs, warm } = await waitWarm(client, world, tSpawn);
  const kubeToWarm = kubeRequests(sim) - kubeAtSpawn;
  const watchResult = watches.result(tSpawn);
  await memory.snapshot('catalog loaded, DR cache warm');

  const sample = sampleServices(world);
  const notes: string[] = [];
  const dr = await measureDr({
    ...{ client, sim, pid, world, sample, warm, watchResult, kubeToWarm },
    snapshot: memory.snapshot,
    notes,
  });
  const stock = await measureStock({ client, sim, pid, world, slow, sample });
  let trials: Trial[] = [];
  if (warm.status === 200) trials = await measureFreshness(client, sim, world);
  await memory.snapshot('end of run');
  watches.stop();
  const watchesAtEnd = watches.result(tSpawn).total;
  const logPath = main.backend.logPath;
  const lostLines = logMatches(logPath, /watch of .* lost/).length;

  return report({
    ...{ world, slow, worldMs, readyMs, catalogMs, cacheWarmMs: warm.ms },
    ...{ watchResult, kubeToWarm, watchesAtEnd, lostLines },
    ...{ dr, stock, trials, baseline, memory: memory.phases, notes, logPath },
  });
}

exitWith(guardedRun('ack-one-dr-bench-', runBench));
