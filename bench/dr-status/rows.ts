/*
 * The summary table of the DR status benchmark: one row per measure, with
 * its target and PASS/FAIL where the issue sets one.
 */
import { CONCURRENCY, POLL_MS, SERVICES, TARGET } from './config';
import type { logProblems } from './backend-process';
import type { Results } from './report';
import { mb, ms, stats } from './stats';

type Add = (m: string, v: string, t?: string, r?: string) => void;

const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const s1 = (msValue: number) => `${(msValue / 1000).toFixed(1)} s`;

function startupRows(res: Results, add: Add) {
  add('world build (simulator, in-process)', s1(res.worldMs));
  add('backend ready after spawn', s1(res.readyMs));
  add('catalog holds every component', s1(res.catalogMs));
}

function drRows(res: Results, add: Add) {
  const { dr: d, world, watchResult } = res;
  if (!d) return;
  add(
    'DR cache warm: a status with every cluster reachable, after spawn',
    s1(res.cacheWarmMs),
  );
  add(
    `DR cache: all ${watchResult.total} watches open (on ${watchResult.servers} API servers), after spawn`,
    s1(watchResult.lastOpenMs),
  );
  add(
    'Kubernetes API requests from spawn to warm cache',
    String(res.kubeToWarm),
  );
  add(
    'DR cache watches open at the end / "watch lost" log lines',
    `${res.watchesAtEnd} / ${res.lostLines}`,
  );
  add(
    `DR status, every service once (concurrency 4)`,
    s1(d.warmPassMs),
    '',
    d.drBad ? `${d.drBad} wrong` : 'all right',
  );
  add(
    'DR status parity of the services / with gateway routes',
    `${[...d.parity].map(([k, v]) => `${v} ${k}`).join(', ')} / ${
      d.withRoutes
    }`,
    '',
    d.parity.get('in-parity') === SERVICES &&
      d.withRoutes === world.services.filter(x => x.hasIngress).length
      ? 'as built'
      : 'CHECK',
  );
  add(`DR status p50 (${d.dr.n} sequential)`, ms(d.dr.p50));
  add('DR status p95', ms(d.dr.p95));
  add(
    'DR status p99',
    ms(d.dr.p99),
    `< ${TARGET.drP99Ms} ms`,
    pass(d.dr.p99 < TARGET.drP99Ms),
  );
  add('DR status max', ms(d.dr.max));
  add(
    `DR status throughput (concurrency ${CONCURRENCY})`,
    `${d.drRps.toFixed(0)} req/s`,
  );
  add('Kubernetes API requests during DR requests', String(d.drKubeCalls));
  add(
    `backend CPU per DR request / response size (catalog by-name alone: ${d.catalogCpuPerReq.toFixed(
      1,
    )} ms)`,
    `${d.drCpuPerReq.toFixed(1)} ms / ${(d.drBytes / 1024).toFixed(1)} KB`,
  );
  if (d.catalogRef)
    add(
      `reference: catalog by-name alone p50 / p99 (${d.catalogRef.n} sequential)`,
      `${ms(d.catalogRef.p50)} / ${ms(d.catalogRef.p99)}`,
    );
  if (d.loopDelay)
    add('backend event-loop delay during DR requests p99', ms(d.loopDelay.p99));
}

function stockRows({ stock: st }: Results, add: Add) {
  const { stock, stockFast } = st;
  add(`stock fan-out p50 (${stock.n} sequential)`, ms(stock.p50));
  add('stock fan-out p95', ms(stock.p95));
  add('stock fan-out p99', ms(stock.p99));
  add('stock fan-out max', ms(stock.max));
  add(
    'Kubernetes API requests per stock request',
    (st.stockKubeCalls / stock.n).toFixed(0),
  );
  add(
    'backend CPU per stock request / response size',
    `${st.stockCpuPerReq.toFixed(1)} ms / ${(
      st.stockBytes /
      stock.n /
      1024
    ).toFixed(0)} KB`,
  );
  add(
    'simulator + client process CPU per stock request',
    `${st.simCpuPerStockReq.toFixed(1)} ms`,
  );
  add(
    `stock fan-out without the slowed cluster p50 / p99 (${stockFast.n}, for scale)`,
    `${ms(stockFast.p50)} / ${ms(stockFast.p99)}`,
  );
  add(
    'stock answers with the Deployment in every cluster',
    `${stock.n - st.stockBad}/${stock.n}`,
  );
}

function speedupRows(res: Results, add: Add) {
  const { stock } = res.stock;
  if (!res.dr || !res.dr.drSame) return;
  const { dr, drSame } = res.dr;
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

function freshnessRows({ trials }: Results, add: Add) {
  if (!trials.length) return;
  const d = stats(
    trials.map(t => t.desiredSeen).map(x => (Number.isNaN(x) ? Infinity : x)),
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

function memoryRows({ baseline, memory: mem }: Results, add: Add) {
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
}

function logRow(backendLog: ReturnType<typeof logProblems>, add: Add) {
  const { lines, problems, known } = backendLog;
  add(
    'backend log',
    `${lines} lines, ${problems.filter(p => p.level === 'warn').length} warn, ${
      problems.filter(p => p.level === 'error').length
    } error (${known} expected localhost warnings not counted)`,
  );
}

/** The rows of the summary table, header first. */
export function summaryRows(
  res: Results,
  backendLog: ReturnType<typeof logProblems>,
): string[][] {
  const rows: string[][] = [['measure', 'value', 'target', 'result']];
  const add: Add = (m, v, t = '', r = '') => rows.push([m, v, t, r]);
  startupRows(res, add);
  drRows(res, add);
  stockRows(res, add);
  speedupRows(res, add);
  freshnessRows(res, add);
  memoryRows(res, add);
  logRow(backendLog, add);
  return rows;
}
