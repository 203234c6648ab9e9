/*
 * Benchmark of the failover workflow against the issue's targets:
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
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type {
  DrStatus,
  FailoverRequest,
} from '@internal/plugin-ack-one-common';
import { startSimulator } from '@internal/ack-one-simulator';
import ackOnePlugin from '@internal/plugin-ack-one-backend';
import { parseAllDocuments } from 'yaml';
import { simulatorAccount, table } from '../lib';

function intEnv(name: string, def: number, min: number, max: number) {
  const v = Number(process.env[name]);
  return Math.max(min, Math.min(max, Number.isFinite(v) && v > 0 ? v : def));
}

const RATE = intEnv('BENCH_RATE', 500, 10, 5000);
const POD_READY_MS = intEnv('BENCH_POD_READY_MS', 1000, 10, 30_000);
const SETTLE_MS = intEnv('BENCH_SETTLE_MS', 3000, 500, 60_000);
const TARGET = { moveS: 2, failed: 0 };
const WATCHDOG_MS = 5 * 60_000;
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ENTITY = 'component:default/web-demo';

const root = path.resolve(__dirname, '../..');
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
// eslint-disable-next-line no-console
const log = (m: string) => console.log(`[${elapsed()}] ${m}`);

/** Steady load on the gateway data plane: `rate` requests/s, each timed and classified. */
class Load {
  readonly #agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  #timer?: NodeJS.Timeout;
  #inflight = 0;
  sent = 0;
  /** [time (ms since t0), ok, cluster] of every answered request. */
  readonly results: Array<[number, boolean, string]> = [];

  constructor(private readonly url: URL, private readonly rate: number) {}

  /** When the load started and stopped (ms since t0). */
  startedAt = 0;
  stoppedAt = 0;

  start() {
    // Paced by the clock, not by the timer's ticks, so a late tick sends
    // what is owed and the rate holds.
    this.startedAt = performance.now() - t0;
    let last = performance.now();
    let owed = 0;
    this.#timer = setInterval(() => {
      const now = performance.now();
      owed += (this.rate * (now - last)) / 1000;
      last = now;
      while (owed >= 1) {
        owed -= 1;
        this.#one();
      }
    }, 5);
  }

  async stop() {
    if (this.#timer) clearInterval(this.#timer);
    this.stoppedAt = performance.now() - t0;
    while (this.#inflight > 0) await sleep(10);
    this.#agent.destroy();
  }

  #one() {
    this.sent++;
    this.#inflight++;
    const req = http.request(
      {
        host: this.url.hostname,
        port: this.url.port,
        path: '/svc1',
        headers: { Host: 'example.com' },
        agent: this.#agent,
        timeout: 5000,
      },
      res => {
        res.resume();
        res.on('end', () => {
          this.#inflight--;
          this.results.push([
            performance.now() - t0,
            res.statusCode === 200,
            String(res.headers['x-ack-one-cluster'] ?? ''),
          ]);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      this.#inflight--;
      this.results.push([performance.now() - t0, false, '']);
    });
    req.end();
  }

  /** Answers between two instants (ms since t0). */
  between(from: number, to: number) {
    const rs = this.results.filter(r => r[0] >= from && r[0] <= to);
    const byCluster: Record<string, number> = {};
    for (const r of rs) if (r[1]) byCluster[r[2]] = (byCluster[r[2]] ?? 0) + 1;
    return {
      total: rs.length,
      failed: rs.filter(r => !r[1]).length,
      byCluster,
    };
  }
}

function silentLogger() {
  return mockServices.rootLogger.factory({ level: 'warn' });
}

/** An auditor and notice services that only count. */
function quietServices() {
  const counts = { audit: 0, notifications: 0, signals: 0 };
  return {
    counts,
    factories: [
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => ({
          createEvent: async () => {
            counts.audit++;
            return { success: async () => {}, fail: async () => {} };
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async () => {
            counts.notifications++;
          },
        }),
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({
          publish: async () => {
            counts.signals++;
          },
        }),
      }),
    ],
  };
}

interface Move {
  name: string;
  request: FailoverRequest;
  /** Client-side instants (ms since t0). */
  approvedAt: number;
  seenDoneAt: number;
  load: ReturnType<Load['between']>;
  warmUpS?: number;
  shiftS?: number;
}

const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');

/** The report rows of one move: duration (split when warmed up), failures, RTO. */
function moveRows(
  m: Move,
  shares: (c: Record<string, number>) => string,
): string[][] {
  const seconds = m.request.durationSeconds!;
  const total = `${seconds.toFixed(2)} s`;
  const rows: string[][] = [];
  const title = `${m.name}: approval -> verified weights`;
  if (m.warmUpS === undefined || m.shiftS === undefined)
    rows.push([
      title,
      `< ${TARGET.moveS} s`,
      total,
      verdict(seconds < TARGET.moveS),
    ]);
  else
    rows.push(
      [title, '(reported)', total, ''],
      [
        '  of which warm-up (2 -> 4 replicas ready)',
        '',
        `${m.warmUpS.toFixed(2)} s`,
        '',
      ],
      [
        '  of which the shift after warm-up',
        `< ${TARGET.moveS} s`,
        `${m.shiftS.toFixed(2)} s`,
        verdict(m.shiftS < TARGET.moveS),
      ],
    );
  const rto = m.request.rtoSeconds;
  rows.push(
    [
      `${m.name}: failed requests during the move`,
      `${TARGET.failed}`,
      `${m.load.failed} of ${m.load.total}`,
      verdict(m.load.failed <= TARGET.failed),
    ],
    [
      `${m.name}: RTO (ack-one/rto)`,
      `<= ${rto} s`,
      total,
      verdict(rto !== undefined && seconds <= rto),
    ],
    ['  answered by', '', shares(m.load.byCluster), ''],
  );
  return rows;
}

async function main() {
  const watchdog = setTimeout(() => {
    log('watchdog: the run took more than 5 minutes; stopping');
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();
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
  const entities = parseAllDocuments(
    fs.readFileSync(path.join(root, 'examples/demo-services.yaml'), 'utf8'),
  )
    .map(d => d.toJSON())
    .filter(Boolean);
  const quiet = quietServices();
  const backend = await startTestBackend({
    features: [
      ackOnePlugin,
      catalogServiceMock.factory({ entities }),
      silentLogger(),
      mockServices.rootConfig.factory({
        data: {
          ackOne: {
            accounts: [
              { ...simulatorAccount(sim, 'cn-hangzhou'), maxAttempts: 1 },
            ],
            failover: { pollIntervalSeconds: 1, verifyTimeoutSeconds: 30 },
          },
        },
      }),
      ...quiet.factories,
    ],
  });
  const base = `http://127.0.0.1:${
    (backend.server.address() as any).port
  }/api/ack-one`;
  const call = async (
    method: string,
    p: string,
    user: string,
    body?: unknown,
  ) => {
    const res = await fetch(`${base}${p}`, {
      method,
      headers: {
        authorization: mockCredentials.user.header(user),
        'content-type': 'application/json',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok)
      throw new Error(`${method} ${p}: ${res.status} ${json?.error?.message}`);
    return json;
  };
  const status = (): Promise<DrStatus> =>
    call('GET', '/v1/entities/component/default/web-demo/dr-status', ALICE);
  const settled = async (split: Record<string, number>) => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const s = await status();
      const ok =
        s.clusters.length === 2 &&
        s.clusters.every(c => c.reachable) &&
        s.workloads.every(w => w.clusters.every(c => c.ready === c.desired)) &&
        Object.entries(split).every(
          ([c, v]) =>
            Math.abs((s.gateway.routes[0]?.effective[c] ?? 0) - v) < 0.5,
        );
      if (ok) return;
      if (Date.now() > deadline)
        throw new Error('the DR status did not settle');
      await sleep(100);
    }
  };
  log(`simulator and backend up; waiting for web-demo at 50/50`);
  await settled({ [idc]: 50, [ack]: 50 });

  const load = new Load(new URL(sim.endpoints.gateway), RATE);
  loop.reset();
  load.start();
  log(`load: ${RATE} requests/s on the gateway data plane (example.com/svc1)`);
  await sleep(SETTLE_MS);

  const move = async (
    name: string,
    weights: Record<string, number>,
    warmUp: boolean,
  ): Promise<Move> => {
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
    const approvedAt = performance.now() - t0;
    await call('POST', `/v1/failovers/${created.id}/approve`, BOB, {
      reason: 'benchmark',
    });
    let request: FailoverRequest;
    for (;;) {
      request = await call('GET', `/v1/failovers/${created.id}`, ALICE);
      if (!['requested', 'approved', 'executing'].includes(request.state))
        break;
      await sleep(20);
    }
    const seenDoneAt = performance.now() - t0;
    if (request.state !== 'completed')
      throw new Error(
        `${name}: ended ${request.state}: ${JSON.stringify(
          request.events.at(-1),
        )}`,
      );
    const warm = request.events.find(e => e.reason?.startsWith('warm-up'));
    const end = Date.parse(request.events.at(-1)!.at);
    const decided = Date.parse(request.decidedAt!);
    log(
      `${name}: completed, ${request.durationSeconds} s from approval to verified weights`,
    );
    return {
      name,
      request,
      approvedAt,
      seenDoneAt,
      load: { total: 0, failed: 0, byCluster: {} },
      ...(warm
        ? {
            warmUpS: (Date.parse(warm.at) - decided) / 1000,
            shiftS: (end - Date.parse(warm.at)) / 1000,
          }
        : {}),
    };
  };

  const moves: Move[] = [];
  const out = await move(
    'failover IDC -> ACK (warm-up)',
    { [idc]: 0, [ack]: 100 },
    true,
  );
  await sleep(SETTLE_MS);
  moves.push(out);
  const back = await move(
    'failback to the previous split',
    out.request.previous!,
    false,
  );
  await sleep(SETTLE_MS);
  moves.push(back);
  await load.stop();
  // failed requests from each approval until the settle time after it
  for (const m of moves)
    m.load = load.between(m.approvedAt, m.seenDoneAt + SETTLE_MS);
  const all = load.between(0, Infinity);
  const seconds = (load.stoppedAt - load.startedAt) / 1000;

  const names: Record<string, string> = {
    [idc]: 'idc-k8s',
    [ack]: 'ack-hangzhou',
  };
  const shares = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${names[k] ?? k} ${v}`)
      .join(', ');
  const rows = [
    ['measure', 'target', 'result', 'ok'],
    ...moves.flatMap(m => moveRows(m, shares)),
    [
      'load sent / answered',
      `${RATE}/s`,
      `${load.sent} / ${all.total} in ${seconds.toFixed(1)} s (${Math.round(
        load.sent / seconds,
      )}/s)`,
      '',
    ],
    [
      'failed requests, whole run',
      '0',
      String(all.failed),
      all.failed === 0 ? 'yes' : 'NO',
    ],
    [
      'event-loop delay under load p99 / max',
      '',
      `${(loop.percentile(99) / 1e6).toFixed(1)} / ${(loop.max / 1e6).toFixed(
        1,
      )} ms`,
      '',
    ],
  ];
  // eslint-disable-next-line no-console
  console.log(`\n${table(rows)}\n`);
  if (process.env.BENCH_RESULTS_FILE)
    fs.writeFileSync(
      process.env.BENCH_RESULTS_FILE,
      `| ${rows[0].join(' | ')} |\n|${rows[0]
        .map(() => '---')
        .join('|')}|\n${rows
        .slice(1)
        .map(r => `| ${r.join(' | ')} |`)
        .join('\n')}\n`,
    );
  const missed = rows.some(r => r[3] === 'NO');
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
