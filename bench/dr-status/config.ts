/*
 * Settings of the DR status benchmark (environment, targets, fixed timings)
 * and its timestamped log. The environment is described in run.ts.
 */
import path from 'node:path';

function intEnv(name: string, def: number, min: number, max: number) {
  const v = Number(process.env[name]);
  return Math.max(min, Math.min(max, Number.isFinite(v) && v > 0 ? v : def));
}

export const CLUSTERS = intEnv('BENCH_CLUSTERS', 20, 2, 200);
export const SERVICES = intEnv('BENCH_SERVICES', 2000, 1, 20000);
export const DR_REQUESTS = intEnv('BENCH_DR_REQUESTS', 2000, 10, 100000);
export const STOCK_REQUESTS = intEnv('BENCH_STOCK_REQUESTS', 40, 3, 10000);
export const SCALE_TRIALS = intEnv('BENCH_SCALE_TRIALS', 10, 1, 100);
export const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 8, 1, 256);
export const SEED = intEnv('BENCH_SEED', 1, 1, 2 ** 31);
/** BENCH_BASELINE=0 skips the memory baseline (backend without ack-one). */
export const BASELINE = process.env.BENCH_BASELINE !== '0';
export const SLOW_MS = 500;
export const POLL_MS = 20;
export const POD_READY_DELAY_MS = 100;
export const TARGET = { drP99Ms: 50, speedup: 10, replicaMs: 1000 };
export const WATCHDOG_MS = 15 * 60_000;

export const root = path.resolve(__dirname, '../..');
const t0 = performance.now();
const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
// eslint-disable-next-line no-console
export const log = (m: string) => console.log(`[${elapsed()}] ${m}`);
