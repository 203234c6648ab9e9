/*
 * Benchmark of the failover workflow against the targets:
 *
 *   "on the simulator, under a bounded steady load on the gateway's data
 *    plane (~500 requests/s for the whole run), a planned failover IDC -> ACK
 *    with warm-up, then failing back; time from approval to verified
 *    effective weights (target < 2 s without warm-up), requests that failed
 *    during each move (target 0), RTO against the annotation."
 *
 *   source scripts/env.sh && yarn bench:failover   (from the repository root)
 *
 * Optional environment (defaults in brackets): BENCH_RATE [500] requests/s,
 * BENCH_POD_READY_MS [1000] (how long a new pod takes to become ready: the
 * warm-up waits for it), BENCH_SETTLE_MS [3000] (steady load before, between
 * and after the moves), BENCH_RESULTS_FILE (also write the results as
 * Markdown there).
 *
 * Everything runs in this process: the simulator (demo world), the ack-one
 * backend plugin in a Backstage test backend (SQLite in memory, the stock
 * mock auth, permissions allowing all: two users still have to take part),
 * and the load generator. Exits 0 when every target is met, 1 when one is
 * not, 2 on a crash; a 5-minute watchdog stops a run that hangs.
 *
 * Files: ./config.ts (settings, clock, log), ./load.ts (the load), ./backend.ts
 * (the backend and its API client), ./moves.ts (a failover request from
 * checks to completion), ./report.ts (table, verdicts, results file).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '@internal/ack-one-simulator';
import { startBackend } from './backend';
import { log, POD_READY_MS, RATE, SETTLE_MS, WATCHDOG_MS } from './config';
import { Load } from './load';
import { move, Move, settled } from './moves';
import { report } from './report';

function startWatchdog() {
  const watchdog = setTimeout(() => {
    log('watchdog: the run took more than 5 minutes; stopping');
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();
}

async function main() {
  startWatchdog();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-bench-failover-'));
  const sim = await startSimulator({
    world: 'demo',
    stateDir: dir,
    podReadyDelayMs: POD_READY_MS,
  });
  const idc = sim.endpoints.clusters.idc.clusterId!;
  const ack = sim.endpoints.clusters.ack.clusterId!;
  const backend = await startBackend(sim);
  log(`simulator and backend up; waiting for web-demo at 50/50`);
  await settled(backend.call, { [idc]: 50, [ack]: 50 });

  const load = new Load(new URL(sim.endpoints.gateway), RATE);
  loop.reset();
  load.start();
  log(`load: ${RATE} requests/s on the gateway data plane (example.com/svc1)`);
  await sleep(SETTLE_MS);
  const moves: Move[] = [];
  const out = await move(
    backend.call,
    'failover IDC -> ACK (warm-up)',
    { [idc]: 0, [ack]: 100 },
    true,
  );
  await sleep(SETTLE_MS);
  moves.push(out);
  moves.push(
    await move(
      backend.call,
      'failback to the previous split',
      out.request.previous!,
      false,
    ),
  );
  await sleep(SETTLE_MS);
  await load.stop();
  // failed requests from each approval until the settle time after it
  for (const m of moves)
    m.load = load.between(m.approvedAt, m.seenDoneAt + SETTLE_MS);
  const names = { [idc]: 'idc-k8s', [ack]: 'ack-hangzhou' };
  const missed = report({ moves, load, loop, names });
  await backend.stop();
  await sim.stop();
  fs.rmSync(dir, { recursive: true, force: true });
  log(missed ? 'a target was missed' : 'every target met');
  return missed ? 1 : 0;
}

main().then(
  code => process.exit(code),
  e => {
    // eslint-disable-next-line no-console
    console.error('benchmark crashed:', e);
    process.exit(2);
  },
);
