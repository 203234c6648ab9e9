/*
 * Benchmark of the DR status endpoint against the issue's target:
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
import { spawn, ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSimulator } from '@internal/ack-one-simulator';
import { simulatorAccount, table } from '../lib';
import type { Simulator } from '@internal/ack-one-simulator';
import {
  BenchCluster,
  BenchService,
  buildWorld,
  FLEET_NAME,
  KUBERNETES_ID_LABEL,
  REGION,
  REPLICAS,
} from './world';

function intEnv(name: string, def: number, min: number, max: number) {
  const v = Number(process.env[name]);
  return Math.max(min, Math.min(max, Number.isFinite(v) && v > 0 ? v : def));
}

const CLUSTERS = intEnv('BENCH_CLUSTERS', 20, 2, 200);
const SERVICES = intEnv('BENCH_SERVICES', 2000, 1, 20000);
const DR_REQUESTS = intEnv('BENCH_DR_REQUESTS', 2000, 10, 100000);
const STOCK_REQUESTS = intEnv('BENCH_STOCK_REQUESTS', 40, 3, 10000);
const SCALE_TRIALS = intEnv('BENCH_SCALE_TRIALS', 10, 1, 100);
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 8, 1, 256);
const SEED = intEnv('BENCH_SEED', 1, 1, 2 ** 31);
/** BENCH_BASELINE=0 skips the memory baseline (backend without ack-one). */
const BASELINE = process.env.BENCH_BASELINE !== '0';
const SLOW_MS = 500;
const POLL_MS = 20;
const POD_READY_DELAY_MS = 100;
const TARGET = { drP99Ms: 50, speedup: 10, replicaMs: 1000 };
const WATCHDOG_MS = 15 * 60_000;

const root = path.resolve(__dirname, '../..');
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
// eslint-disable-next-line no-console
const log = (m: string) => console.log(`[${elapsed()}] ${m}`);

// ------------------------------------------------------------------ helpers

/** mulberry32: a small seeded PRNG, so runs pick the same services. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  const i = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return sorted[Math.max(0, i)];
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: percentile(s, 50),
    p95: percentile(s, 95),
    p99: percentile(s, 99),
    max: s[s.length - 1] ?? NaN,
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
  };
}

const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : '-');
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

function markdownTable(rows: string[][]) {
  const [head, ...body] = rows;
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...body.map(r => `| ${r.join(' | ')} |`),
  ].join('\n');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** VmRSS and VmHWM (peak) of a process, in bytes. */
function procMemory(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) =>
      Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used, in ms. */
function procCpuMs(pid: number): number {
  try {
    const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // fields 14 and 15 (utime, stime) are 12 and 13 after the state field
    return ((Number(rest[11]) + Number(rest[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** USER_HZ; 100 on Linux for x86-64 and arm64. */
const CLOCK_TICKS = 100;

function kubeRequests(sim: Simulator) {
  let n = 0;
  for (const e of sim.world.servers.values()) n += e.server.requestCount;
  return n;
}

/**
 * Watches open on each API server (the simulator counts them), polled every
 * 50 ms: when the DR cache has opened all of its list+watch connections.
 */
function watchMonitor(sim: Simulator, servers: string[]) {
  const state = new Map(servers.map(n => [n, { count: 0, lastUp: NaN }]));
  const poll = () => {
    for (const [n, st] of state) {
      const c = sim.world.server(n).api.store.watcherCount();
      if (c > st.count) st.lastUp = performance.now();
      st.count = c;
    }
  };
  const timer = setInterval(poll, 50);
  return {
    stop() {
      poll();
      clearInterval(timer);
    },
    result(since: number) {
      const all = [...state.values()];
      return {
        servers: all.filter(s => s.count > 0).length,
        total: all.reduce((a, s) => a + s.count, 0),
        lastOpenMs: all.every(s => s.count > 0)
          ? Math.max(...all.map(s => s.lastUp)) - since
          : NaN,
      };
    },
  };
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T>(
  items: T[],
  limit: number,
  fn: (item: T, i: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
}

// ------------------------------------------------------------------ backend

interface Backend {
  child: ChildProcess;
  baseUrl: string;
  logPath: string;
  exited: () => boolean;
  stop(): Promise<void>;
}

function writeCatalog(dir: string, services: BenchService[]) {
  const catalogPath = path.join(dir, 'services.yaml');
  const docs = services.map(s =>
    JSON.stringify({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: s.name,
        annotations: {
          'backstage.io/kubernetes-id': s.name,
          'backstage.io/kubernetes-namespace': s.namespace,
          'ack-one/fleet': FLEET_NAME,
          'ack-one/cluster-roles': 'active-active',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: 'group:default/platform-team',
      },
    }),
  );
  fs.writeFileSync(catalogPath, `---\n${docs.join('\n---\n')}\n`);
  return catalogPath;
}

function writeConfig(
  dir: string,
  name: string,
  port: number,
  sim: Simulator,
  catalogPath: string,
) {
  const baseUrl = `http://127.0.0.1:${port}`;
  // JSON is YAML: the config loader reads this file as app-config.
  const config = {
    app: { baseUrl },
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port },
      database: { client: 'better-sqlite3', connection: ':memory:' },
    },
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
    },
    catalog: {
      rules: [
        { allow: ['Component', 'System', 'API', 'Resource', 'Location'] },
      ],
      locations: [{ type: 'file', target: catalogPath }],
      providers: {
        ackOne: {
          bench: {
            account: 'sim',
            owner: 'group:default/platform-team',
            schedule: {
              frequency: { minutes: 30 },
              timeout: { minutes: 3 },
            },
          },
        },
      },
    },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [{ type: 'config', clusters: [] }],
      // As app-config.yaml: the kinds the simulator serves.
      objectTypes: [
        'pods',
        'services',
        'configmaps',
        'deployments',
        'replicasets',
        'horizontalpodautoscalers',
        'jobs',
        'cronjobs',
        'ingresses',
        'statefulsets',
      ],
      ackOne: { skipMetricsLookup: true },
    },
    permission: { enabled: true },
    ackOne: {
      accounts: [simulatorAccount(sim, REGION)],
    },
  };
  const configPath = path.join(dir, `app-config.${name}.yaml`);
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2));
  return { configPath, baseUrl };
}

function startBackend(
  dir: string,
  name: string,
  configPath: string,
  baseUrl: string,
  env: Record<string, string> = {},
): Backend {
  const logPath = path.join(dir, `${name}.log`);
  const fd = fs.openSync(logPath, 'a');
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '-r',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(__dirname, 'backend.ts'),
      '--config',
      configPath,
    ],
    {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', fd, fd],
      detached: true,
    },
  );
  fs.closeSync(fd);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  return {
    child,
    baseUrl,
    logPath,
    exited: () => exited,
    async stop() {
      if (exited || !child.pid) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        // gone
      }
      for (let i = 0; i < 40 && !exited; i++) await sleep(250);
      if (!exited) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
        for (let i = 0; i < 20 && !exited; i++) await sleep(100);
      }
    },
  };
}

/** Warnings and errors of the backend log (JSON lines in production). */
function logProblems(logPath: string) {
  const lines = fs.existsSync(logPath)
    ? fs.readFileSync(logPath, 'utf8').split('\n')
    : [];
  const out: { level: string; message: string; plugin?: string }[] = [];
  // Every plugin warns once that backend.baseUrl is localhost in production.
  let known = 0;
  for (const l of lines) {
    if (!l.trim()) continue;
    let j: any;
    try {
      j = JSON.parse(l);
    } catch {
      if (/error|warn|unhandled|exception/i.test(l))
        out.push({ level: 'raw', message: l.slice(0, 300) });
      continue;
    }
    if (/backend\.baseUrl is set to a localhost URL/.test(String(j.message)))
      known++;
    else if (j.level === 'warn' || j.level === 'error')
      out.push({
        level: j.level,
        message: String(j.message).slice(0, 300),
        plugin: j.plugin ?? j.service,
      });
  }
  return { lines: lines.length, problems: out, known };
}

/** Lines of the backend log whose message matches, with their timestamps. */
function logMatches(logPath: string, re: RegExp) {
  const out: { timestamp?: string; message: string }[] = [];
  for (const l of fs.readFileSync(logPath, 'utf8').split('\n')) {
    try {
      const j = JSON.parse(l);
      if (re.test(String(j.message)))
        out.push({ timestamp: j.timestamp, message: String(j.message) });
    } catch {
      // not JSON
    }
  }
  return out;
}

// ------------------------------------------------------------------ client

class Client {
  token?: string;
  constructor(readonly baseUrl: string) {}

  async request(
    p: string,
    init: { method?: string; body?: unknown } = {},
  ): Promise<{ status: number; body: any; ms: number; bytes: number }> {
    const t = performance.now();
    const res = await fetch(`${this.baseUrl}${p}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    const dt = performance.now() - t;
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // keep text
    }
    return { status: res.status, body, ms: dt, bytes: text.length };
  }
}

const drPath = (s: BenchService) =>
  `/api/ack-one/v1/entities/component/default/${s.name}/dr-status`;

/** Problems with a DR status answer for the bench world, or [] when it is right. */
function checkDr(
  body: any,
  s: BenchService,
  clusters: BenchCluster[],
): string[] {
  const issues: string[] = [];
  if (!body || typeof body !== 'object') return ['not JSON'];
  if (body.entityRef !== `component:default/${s.name}`)
    issues.push(`entityRef ${body.entityRef}`);
  const cs: any[] = body.clusters ?? [];
  if (cs.length !== clusters.length)
    issues.push(`${cs.length}/${clusters.length} clusters`);
  const unreachable = cs.filter(c => !c.reachable).map(c => c.name);
  if (unreachable.length) issues.push(`unreachable: ${unreachable.join(',')}`);
  const w = (body.workloads ?? []).find(
    (x: any) => x.kind === 'Deployment' && x.name === s.name,
  );
  if (!w) issues.push('workload missing');
  else if ((w.clusters ?? []).length !== clusters.length)
    issues.push(`workload in ${(w.clusters ?? []).length} clusters`);
  if ((body.problems ?? []).some((p: any) => p.severity === 'error'))
    issues.push(
      `problem: ${
        body.problems.find((p: any) => p.severity === 'error').message
      }`,
    );
  return issues;
}

// ------------------------------------------------------------------ main

async function main(): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-dr-bench-'));
  let sim: Simulator | undefined;
  let backend: Backend | undefined;
  const watchdog = setTimeout(async () => {
    log(`watchdog: still running after ${WATCHDOG_MS / 60000} min; stopping`);
    await backend?.stop();
    process.exit(3);
  }, WATCHDOG_MS);
  const onSignal = async () => {
    await backend?.stop();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    log(
      `DR status bench: ${CLUSTERS} clusters x ${SERVICES} services, one cluster +${SLOW_MS} ms; ${
        os.cpus().length
      } CPUs, Node ${process.version}`,
    );

    // ---------------------------------------------------------------- world
    sim = await startSimulator({
      world: 'empty',
      host: '127.0.0.1',
      cloudPort: 0,
      gatewayPort: 0,
      controlPort: 0,
      stateDir: path.join(dir, 'simulator'),
      podReadyDelayMs: POD_READY_DELAY_MS,
      gatewayStepMs: 10,
    });
    const tWorld = performance.now();
    const world = await buildWorld(sim, {
      clusters: CLUSTERS,
      services: SERVICES,
      log: m => (CLUSTERS <= 4 || /-0[0-1]:/.test(m) ? log(m) : undefined),
    });
    const worldMs = performance.now() - tWorld;
    const simMemWorld = process.memoryUsage();
    log(
      `world built in ${(worldMs / 1000).toFixed(1)} s: ${
        world.objects.total
      } objects (${
        world.objects.perCluster
      } per member cluster), simulator rss ${mb(simMemWorld.rss)}`,
    );
    const slow = world.clusters[1];
    sim.faults.apiServerLatency(slow.name, SLOW_MS);
    log(`cluster ${slow.name} (${slow.clusterId}) slowed by ${SLOW_MS} ms`);

    // -------------------------------------------------------------- backend
    const catalogPath = writeCatalog(dir, world.services);
    const launch = async (name: string, env: Record<string, string>) => {
      const port = await freePort();
      const { configPath, baseUrl } = writeConfig(
        dir,
        name,
        port,
        sim!,
        catalogPath,
      );
      const tSpawn = performance.now();
      const b = startBackend(dir, name, configPath, baseUrl, env);
      const c = new Client(baseUrl);
      log(`${name}: starting (pid ${b.child.pid}) on ${baseUrl}`);
      for (;;) {
        if (b.exited()) throw new Error(`${name}: exited while starting`);
        if (performance.now() - tSpawn > 240_000)
          throw new Error(`${name}: not ready after 240 s`);
        const r = await c
          .request('/.backstage/health/v1/readiness')
          .catch(() => undefined);
        if (r?.status === 200) break;
        await sleep(250);
      }
      const readyMs = performance.now() - tSpawn;
      log(`${name}: ready after ${(readyMs / 1000).toFixed(1)} s`);
      return { backend: b, client: c, tSpawn, readyMs, pid: b.child.pid! };
    };
    const signIn = async (c: Client) => {
      const guest = await c.request('/api/auth/guest/refresh');
      c.token = guest.body?.backstageIdentity?.token;
      if (!c.token)
        throw new Error(
          `no guest token: ${guest.status} ${JSON.stringify(guest.body)}`,
        );
    };
    const memStats = async (c: Client, pid: number) => {
      const r = await c.request('/api/bench/stats?gc=1');
      const p = procMemory(pid);
      const m = r.body?.memory ?? {};
      return { rss: p?.rss ?? m.rss, heap: m.heapUsed, hwm: p?.hwm ?? NaN };
    };
    const waitCatalog = async (c: Client, tSpawn: number, name: string) => {
      for (;;) {
        const r = await c.request(
          '/api/catalog/entities/by-query?filter=kind=component&limit=1',
        );
        const n = r.body?.totalItems ?? 0;
        if (n >= SERVICES) {
          const catalogMs = performance.now() - tSpawn;
          log(
            `${name}: catalog has ${SERVICES} components ${(
              catalogMs / 1000
            ).toFixed(1)} s after spawn`,
          );
          return catalogMs;
        }
        if (performance.now() - tSpawn > 400_000)
          throw new Error(
            `${name}: catalog has ${n}/${SERVICES} components after 400 s`,
          );
        await sleep(500);
      }
    };

    // The same backend without the ack-one plugin: its memory with the
    // same catalog is the baseline the DR cache adds to.
    let baseline:
      | { readyMs: number; catalogMs: number; rss: number; heap: number }
      | undefined;
    if (BASELINE) {
      const b = await launch('baseline', { BENCH_WITHOUT_ACK_ONE: '1' });
      try {
        await signIn(b.client);
        const catalogMs = await waitCatalog(b.client, b.tSpawn, 'baseline');
        await sleep(3000);
        const m = await memStats(b.client, b.pid);
        baseline = { readyMs: b.readyMs, catalogMs, rss: m.rss, heap: m.heap };
        log(
          `baseline: rss ${mb(m.rss)}, heap ${mb(
            m.heap,
          )} after gc; stopping it`,
        );
      } finally {
        await b.backend.stop();
      }
    }

    const watches = watchMonitor(sim, [
      ...world.clusters.map(c => c.name),
      FLEET_NAME,
    ]);
    const kubeAtSpawn = kubeRequests(sim);
    const main = await launch('backend', {});
    backend = main.backend;
    const client = main.client;
    const tSpawn = main.tSpawn;
    const readyMs = main.readyMs;
    const memory: Array<{
      phase: string;
      rss: number;
      heap: number;
      hwm: number;
    }> = [];
    const snapshot = async (phase: string) => {
      memory.push({ phase, ...(await memStats(client, main.pid)) });
    };
    await snapshot('backend ready (DR cache starting)');
    await signIn(client);

    // The catalog loads and the DR cache warms at the same time: wait for
    // both. The cache is warm when one service's status shows every
    // cluster reachable with its workload (which needs that entity in the
    // catalog); the watches the cache opens are timed on the simulator side.
    let catalogDone = false;
    const [catalogMs, warm] = await Promise.all([
      waitCatalog(client, tSpawn, 'backend').then(v => {
        catalogDone = true;
        return v;
      }),
      (async () => {
        let failingSince: number | undefined;
        for (;;) {
          const r = await client.request(drPath(world.services[0]));
          if (
            r.status === 200 &&
            checkDr(r.body, world.services[0], world.clusters).length === 0
          )
            return {
              ms: performance.now() - tSpawn,
              status: r.status,
              body: r.body,
            };
          const now = performance.now();
          if (catalogDone) {
            // The endpoint is missing (no route) or never shows a healthy
            // status: go on, and report what it answers.
            failingSince ??= now;
            if (now - failingSince > (r.status === 200 ? 60_000 : 10_000))
              return { ms: NaN, status: r.status, body: r.body };
          }
          if (now - tSpawn > 400_000)
            throw new Error(
              `DR cache not warm after 400 s: ${r.status} ${checkDr(
                r.body,
                world.services[0],
                world.clusters,
              ).join('; ')}`,
            );
          await sleep(200);
        }
      })(),
    ]);
    const kubeToWarm = kubeRequests(sim) - kubeAtSpawn;
    const watchResult = watches.result(tSpawn);
    await snapshot('catalog loaded, DR cache warm');

    const rand = prng(SEED);
    const sample = Array.from(
      { length: DR_REQUESTS },
      () => world.services[Math.floor(rand() * world.services.length)],
    );

    const notes: string[] = [];
    const entityOf = new Map<string, unknown>();

    // ------------------------------------------------------------ DR status
    const drAvailable = warm.status === 200;
    const cacheWarmMs = warm.ms;
    let dr: Stats | undefined;
    let drSame: Stats | undefined;
    let catalogRef: Stats | undefined;
    let drRps = NaN;
    let drKubeCalls = NaN;
    let drCpuPerReq = NaN;
    let catalogCpuPerReq = NaN;
    const parity = new Map<string, number>();
    let withRoutes = 0;
    let drBytes = NaN;
    let warmPassMs = NaN;
    let drBad = 0;
    const drIssues = new Map<string, number>();
    let loopDelay: any;
    const trials: Array<{
      cluster: string;
      service: string;
      desiredSeen: number;
      readyInCluster: number;
      readySeen: number;
    }> = [];
    if (!drAvailable) {
      log(
        `DR status endpoint not available (GET ${drPath(
          world.services[0],
        )} -> ${warm.status} ${JSON.stringify(warm.body).slice(
          0,
          200,
        )}); measuring the stock side only`,
      );
      notes.push(
        `The DR status endpoint answered ${warm.status}: only the stock side was measured.`,
      );
    } else {
      if (Number.isNaN(cacheWarmMs))
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
        `DR cache warm ${(cacheWarmMs / 1000).toFixed(1)} s after spawn; ${
          watchResult.total
        } watches open on ${watchResult.servers} API servers, the last ${(
          watchResult.lastOpenMs / 1000
        ).toFixed(
          1,
        )} s after spawn; ${kubeToWarm} Kubernetes API requests since spawn`,
      );
      // Every service once (the first read of each also warms the catalog).
      const tWarm = performance.now();
      await pool(world.services, 4, async s => {
        const r = await client.request(drPath(s));
        const issues =
          r.status === 200
            ? checkDr(r.body, s, world.clusters)
            : [`HTTP ${r.status}`];
        if (issues.length) {
          drBad++;
          for (const i of issues) drIssues.set(i, (drIssues.get(i) ?? 0) + 1);
        }
        const state = String(r.body?.parity?.state);
        parity.set(state, (parity.get(state) ?? 0) + 1);
        if ((r.body?.gateway?.routes ?? []).length > 0) withRoutes++;
      });
      warmPassMs = performance.now() - tWarm;
      log(
        `every service's DR status read once in ${(warmPassMs / 1000).toFixed(
          1,
        )} s; ${drBad} wrong answers`,
      );
      await snapshot('DR cache warm, every service read once');
      if (process.env.BENCH_DUMP) {
        const r = await client.request(drPath(world.services[0]));
        fs.writeFileSync(
          `${process.env.BENCH_DUMP}.dr.json`,
          JSON.stringify(r.body, null, 2),
        );
      }

      // (a) latency, one request at a time
      await client.request('/api/bench/stats?reset=1');
      const kube0 = kubeRequests(sim);
      const cpu0 = procCpuMs(main.pid);
      const lat: number[] = [];
      let bytes = 0;
      for (const s of sample) {
        const r = await client.request(drPath(s));
        if (r.status !== 200)
          throw new Error(`DR status ${r.status} for ${s.name}`);
        lat.push(r.ms);
        bytes += r.bytes;
      }
      drCpuPerReq = (procCpuMs(main.pid) - cpu0) / sample.length;
      drBytes = bytes / sample.length;
      drKubeCalls = kubeRequests(sim) - kube0;
      dr = stats(lat);
      drSame = stats(lat.slice(0, STOCK_REQUESTS));
      loopDelay = (await client.request('/api/bench/stats')).body
        ?.eventLoopDelayMs;
      log(
        `DR status, ${dr.n} sequential requests: p50 ${ms(dr.p50)}, p95 ${ms(
          dr.p95,
        )}, p99 ${ms(dr.p99)}, max ${ms(dr.max)}`,
      );
      // reference: the catalog read alone, which every DR request makes
      const refLat: number[] = [];
      const refSample = sample.slice(0, Math.min(500, sample.length));
      const cpuR0 = procCpuMs(main.pid);
      for (const s of refSample) {
        const r = await client.request(
          `/api/catalog/entities/by-name/component/default/${s.name}`,
        );
        if (r.status !== 200)
          throw new Error(`catalog ${r.status} for ${s.name}`);
        refLat.push(r.ms);
      }
      catalogRef = stats(refLat);
      catalogCpuPerReq = (procCpuMs(main.pid) - cpuR0) / refSample.length;
      log(
        `reference: catalog by-name, ${
          catalogRef.n
        } sequential requests: p50 ${ms(catalogRef.p50)}, p99 ${ms(
          catalogRef.p99,
        )}`,
      );
      // throughput
      const tT = performance.now();
      await pool(sample, CONCURRENCY, async s => {
        const r = await client.request(drPath(s));
        if (r.status !== 200)
          throw new Error(`DR status ${r.status} for ${s.name}`);
      });
      drRps = sample.length / ((performance.now() - tT) / 1000);
      log(
        `DR status throughput at concurrency ${CONCURRENCY}: ${drRps.toFixed(
          0,
        )} requests/s`,
      );
    }

    // --------------------------------------------------------------- stock
    const stockSample = sample.slice(0, STOCK_REQUESTS);
    for (const s of [...new Set(stockSample)]) {
      const r = await client.request(
        `/api/catalog/entities/by-name/component/default/${s.name}`,
      );
      if (r.status !== 200) throw new Error(`catalog: ${s.name} ${r.status}`);
      entityOf.set(s.name, r.body);
    }
    const stockCall = (s: BenchService) =>
      client.request(`/api/kubernetes/services/${s.name}`, {
        method: 'POST',
        body: { entity: entityOf.get(s.name) },
      });
    // warm the credentials (one kubeconfig per cluster) and connections
    for (const s of world.services.slice(0, 3)) {
      if (!entityOf.has(s.name)) {
        const r = await client.request(
          `/api/catalog/entities/by-name/component/default/${s.name}`,
        );
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
    const kubeS0 = kubeRequests(sim);
    const cpuS0 = procCpuMs(main.pid);
    const simCpuS0 = process.cpuUsage();
    const stockLat: number[] = [];
    let stockBytes = 0;
    let stockBad = 0;
    const stockIssues = new Map<string, number>();
    for (const s of stockSample) {
      const r = await stockCall(s);
      stockLat.push(r.ms);
      stockBytes += r.bytes;
      const items: any[] = r.body?.items ?? [];
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
      const issues = [
        ...(r.status !== 200 ? [`HTTP ${r.status}`] : []),
        ...(withDeployment !== world.clusters.length
          ? [
              `Deployment in ${withDeployment}/${world.clusters.length} clusters`,
            ]
          : []),
        ...(errors ? [`${errors} cluster errors`] : []),
      ];
      if (issues.length) {
        stockBad++;
        for (const i of issues)
          stockIssues.set(i, (stockIssues.get(i) ?? 0) + 1);
      }
    }
    const stockKubeCalls = kubeRequests(sim) - kubeS0;
    const stockCpuPerReq = (procCpuMs(main.pid) - cpuS0) / stockSample.length;
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

    // The same fan-out with every cluster answering at full speed, for
    // scale: the 500 ms cluster sets the stock p50 above.
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

    // ------------------------------------------------------ replica change
    if (drAvailable) {
      const rtrial = prng(SEED + 1);
      for (let i = 0; i < SCALE_TRIALS; i++) {
        const c = world.clusters[i % world.clusters.length];
        const s = world.services[Math.floor(rtrial() * world.services.length)];
        const target = REPLICAS + 1 + (i % 2);
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
        const tScale = performance.now();
        sim.faults.scale(c.name, s.namespace, s.name, target);
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
        off();
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
    }
    await snapshot('end of run');
    watches.stop();
    const watchesAtEnd = watches.result(tSpawn).total;
    const lostLines = logMatches(backend.logPath, /watch of .* lost/).length;

    // ---------------------------------------------------------- report
    const cacheLog = logMatches(
      backend.logPath,
      /sync|watch|discover|Fleet/i,
    ).slice(0, 8);
    const { lines, problems, known } = logProblems(backend.logPath);
    const mem = memory;
    const worldLine = `${CLUSTERS} member clusters (${
      world.clusters.filter(c => c.clusterType === 'ExternalKubernetes').length
    } ExternalKubernetes/idc, ${
      world.clusters.filter(c => c.clusterType === 'ManagedKubernetes').length
    } ManagedKubernetes) in 1 Fleet; ${SERVICES} services x ${REPLICAS} replicas as Deployment + Service in every cluster (${
      new Set(world.services.map(s => s.namespace)).size
    } shared namespaces), ${
      world.services.filter(s => s.hasIngress).length
    } Fleet Ingresses; ${world.objects.total} Kubernetes objects; ${
      slow.name
    } +${SLOW_MS} ms`;

    const rows: string[][] = [['measure', 'value', 'target', 'result']];
    const add = (m: string, v: string, t = '', r = '') =>
      rows.push([m, v, t, r]);
    const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
    add(
      'world build (simulator, in-process)',
      `${(worldMs / 1000).toFixed(1)} s`,
    );
    add('backend ready after spawn', `${(readyMs / 1000).toFixed(1)} s`);
    add('catalog holds every component', `${(catalogMs / 1000).toFixed(1)} s`);
    if (dr) {
      add(
        'DR cache warm: a status with every cluster reachable, after spawn',
        `${(cacheWarmMs / 1000).toFixed(1)} s`,
      );
      add(
        `DR cache: all ${watchResult.total} watches open (on ${watchResult.servers} API servers), after spawn`,
        `${(watchResult.lastOpenMs / 1000).toFixed(1)} s`,
      );
      add(
        'Kubernetes API requests from spawn to warm cache',
        String(kubeToWarm),
      );
      add(
        'DR cache watches open at the end / "watch lost" log lines',
        `${watchesAtEnd} / ${lostLines}`,
      );
      add(
        `DR status, every service once (concurrency 4)`,
        `${(warmPassMs / 1000).toFixed(1)} s`,
        '',
        drBad ? `${drBad} wrong` : 'all right',
      );
      add(
        'DR status parity of the services / with gateway routes',
        `${[...parity]
          .map(([k, v]) => `${v} ${k}`)
          .join(', ')} / ${withRoutes}`,
        '',
        parity.get('in-parity') === SERVICES &&
          withRoutes === world.services.filter(x => x.hasIngress).length
          ? 'as built'
          : 'CHECK',
      );
      add(`DR status p50 (${dr.n} sequential)`, ms(dr.p50));
      add('DR status p95', ms(dr.p95));
      add(
        'DR status p99',
        ms(dr.p99),
        `< ${TARGET.drP99Ms} ms`,
        pass(dr.p99 < TARGET.drP99Ms),
      );
      add('DR status max', ms(dr.max));
      add(
        `DR status throughput (concurrency ${CONCURRENCY})`,
        `${drRps.toFixed(0)} req/s`,
      );
      add('Kubernetes API requests during DR requests', String(drKubeCalls));
      add(
        `backend CPU per DR request / response size (catalog by-name alone: ${catalogCpuPerReq.toFixed(
          1,
        )} ms)`,
        `${drCpuPerReq.toFixed(1)} ms / ${(drBytes / 1024).toFixed(1)} KB`,
      );
      if (catalogRef)
        add(
          `reference: catalog by-name alone p50 / p99 (${catalogRef.n} sequential)`,
          `${ms(catalogRef.p50)} / ${ms(catalogRef.p99)}`,
        );
      if (loopDelay)
        add(
          'backend event-loop delay during DR requests p99',
          ms(loopDelay.p99),
        );
    }
    add(`stock fan-out p50 (${stock.n} sequential)`, ms(stock.p50));
    add('stock fan-out p95', ms(stock.p95));
    add('stock fan-out p99', ms(stock.p99));
    add('stock fan-out max', ms(stock.max));
    add(
      'Kubernetes API requests per stock request',
      (stockKubeCalls / stock.n).toFixed(0),
    );
    add(
      'backend CPU per stock request / response size',
      `${stockCpuPerReq.toFixed(1)} ms / ${(
        stockBytes /
        stock.n /
        1024
      ).toFixed(0)} KB`,
    );
    add(
      'simulator + client process CPU per stock request',
      `${simCpuPerStockReq.toFixed(1)} ms`,
    );
    add(
      `stock fan-out without the slowed cluster p50 / p99 (${stockFast.n}, for scale)`,
      `${ms(stockFast.p50)} / ${ms(stockFast.p99)}`,
    );
    add(
      'stock answers with the Deployment in every cluster',
      `${stock.n - stockBad}/${stock.n}`,
    );
    if (dr && drSame) {
      add(
        `DR status p50 / p99 on the same ${drSame.n} services`,
        `${ms(drSame.p50)} / ${ms(drSame.p99)}`,
      );
      const r50 = stock.p50 / dr.p50;
      const r99 = stock.p99 / dr.p99;
      add(
        'speed-up p50 (stock / DR)',
        `${r50.toFixed(0)}x`,
        `>= ${TARGET.speedup}x`,
        pass(r50 >= TARGET.speedup),
      );
      add(
        'speed-up p99 (stock / DR)',
        `${r99.toFixed(0)}x`,
        `>= ${TARGET.speedup}x`,
        pass(r99 >= TARGET.speedup),
      );
    }
    if (trials.length) {
      const d = stats(
        trials
          .map(t => t.desiredSeen)
          .map(x => (Number.isNaN(x) ? Infinity : x)),
      );
      const lag = stats(
        trials
          .map(t => t.readySeen - t.readyInCluster)
          .map(x => (Number.isNaN(x) ? Infinity : x)),
      );
      const readyInCluster = stats(trials.map(t => t.readyInCluster));
      add(
        `replica change: desired visible (${trials.length} trials, ${POLL_MS} ms polls) p50 / max`,
        `${ms(d.p50)} / ${ms(d.max)}`,
        `< ${TARGET.replicaMs} ms`,
        pass(d.max < TARGET.replicaMs),
      );
      add(
        'replica change: pods ready in the cluster (simulator) p50 / max',
        `${ms(readyInCluster.p50)} / ${ms(readyInCluster.max)}`,
      );
      add(
        'replica change: ready visible after the cluster p50 / max',
        `${ms(lag.p50)} / ${ms(lag.max)}`,
        `< ${TARGET.replicaMs} ms`,
        pass(lag.max < TARGET.replicaMs),
      );
    }
    if (baseline)
      add(
        'backend memory without the ack-one plugin, catalog loaded (baseline)',
        `rss ${mb(baseline.rss)}, heap ${mb(baseline.heap)}`,
      );
    for (const m of mem)
      add(`backend memory: ${m.phase}`, `rss ${mb(m.rss)}, heap ${mb(m.heap)}`);
    const peak = Math.max(...mem.map(m => m.hwm));
    add('backend peak rss (VmHWM)', mb(peak), 'reported', 'PASS');
    const warmMem = mem.find(m => m.phase.startsWith('catalog loaded'));
    if (baseline && warmMem)
      add(
        'ack-one plugin + DR cache over the baseline (same phase)',
        `rss ${mb(warmMem.rss - baseline.rss)}, heap ${mb(
          warmMem.heap - baseline.heap,
        )}`,
      );
    const simMem = process.memoryUsage();
    add(
      'simulator + client process (not the backend)',
      `rss ${mb(simMem.rss)}, heap ${mb(simMem.heapUsed)}`,
    );
    add(
      'backend log',
      `${lines} lines, ${
        problems.filter(p => p.level === 'warn').length
      } warn, ${
        problems.filter(p => p.level === 'error').length
      } error (${known} expected localhost warnings not counted)`,
    );

    const verdicts = rows
      .filter(r => r[3] === 'PASS' || r[3] === 'FAIL')
      .map(r => `${r[3]} ${r[0]}: ${r[1]} (target ${r[2]})`);
    if (!dr)
      verdicts.push(
        'NOT MEASURED DR status p99, speed-up and replica change: no DR status endpoint',
      );

    // eslint-disable-next-line no-console
    const out = (s = '') => console.log(s);
    out();
    out(`world: ${worldLine}`);
    out();
    out(table(rows));
    out();
    for (const v of verdicts) out(v);
    for (const n of notes) out(`NOTE ${n}`);
    if (drIssues.size)
      out(
        `\nDR answers with issues: ${[...drIssues]
          .map(([k, v]) => `${v}x ${k}`)
          .join('; ')}`,
      );
    if (stockIssues.size)
      out(
        `stock answers with issues: ${[...stockIssues]
          .map(([k, v]) => `${v}x ${k}`)
          .join('; ')}`,
      );
    if (trials.length) {
      out();
      out(
        table([
          [
            'trial',
            'cluster',
            'service',
            'desired visible',
            'ready in cluster',
            'ready visible',
          ],
          ...trials.map((t, i) => [
            String(i + 1),
            t.cluster + (t.cluster === slow.name ? ` (+${SLOW_MS} ms)` : ''),
            t.service,
            ms(t.desiredSeen),
            ms(t.readyInCluster),
            ms(t.readySeen),
          ]),
        ]),
      );
    }
    const grouped = new Map<string, number>();
    for (const p of problems) {
      const k = `${p.level} [${p.plugin ?? '-'}] ${p.message
        .replace(/\d+/g, 'N')
        .slice(0, 160)}`;
      grouped.set(k, (grouped.get(k) ?? 0) + 1);
    }
    if (grouped.size) {
      out('\nbackend warnings/errors (grouped, digits as N):');
      for (const [k, v] of [...grouped]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15))
        out(`  ${v}x ${k}`);
    }
    if (cacheLog.length) {
      out('\nDR cache log lines (first 8):');
      for (const l of cacheLog)
        out(`  ${l.timestamp ?? ''} ${l.message.slice(0, 200)}`);
    }

    if (process.env.BENCH_RESULTS_FILE) {
      const md = [
        `World: ${worldLine}.`,
        '',
        markdownTable(rows),
        '',
        ...verdicts.map(v => `- ${v}`),
        ...notes.map(n => `- NOTE ${n}`),
        ...(trials.length
          ? [
              '',
              markdownTable([
                [
                  'trial',
                  'cluster',
                  'service',
                  'desired visible',
                  'ready in cluster',
                  'ready visible',
                ],
                ...trials.map((t, i) => [
                  String(i + 1),
                  t.cluster +
                    (t.cluster === slow.name ? ` (+${SLOW_MS} ms)` : ''),
                  t.service,
                  ms(t.desiredSeen),
                  ms(t.readyInCluster),
                  ms(t.readySeen),
                ]),
              ]),
            ]
          : []),
        ...(grouped.size
          ? [
              '',
              'Backend warnings/errors:',
              '',
              ...[...grouped].map(([k, v]) => `- ${v}x ${k}`),
            ]
          : []),
      ].join('\n');
      fs.writeFileSync(process.env.BENCH_RESULTS_FILE, `${md}\n`);
    }
    if (process.env.BENCH_KEEP_LOG) {
      const keep = path.join(
        os.tmpdir(),
        `ack-one-dr-bench-backend-${Date.now()}.log`,
      );
      fs.copyFileSync(backend.logPath, keep);
      out(`\nbackend log kept at ${keep}`);
    }
    return verdicts.some(v => v.startsWith('FAIL') || v.startsWith('NOT'))
      ? 1
      : 0;
  } catch (e) {
    if (backend && fs.existsSync(backend.logPath)) {
      const tail = fs
        .readFileSync(backend.logPath, 'utf8')
        .split('\n')
        .slice(-40);
      // eslint-disable-next-line no-console
      console.error(`--- backend log (last 40 lines) ---\n${tail.join('\n')}`);
    }
    throw e;
  } finally {
    clearTimeout(watchdog);
    await backend?.stop();
    await sim?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  code => process.exit(code),
  e => {
    // eslint-disable-next-line no-console
    console.error(e);
    process.exit(2);
  },
);
