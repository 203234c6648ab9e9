/* Settings of the failover benchmark (environment, targets), and its clock and log. */
import path from 'node:path';

function intEnv(name: string, def: number, min: number, max: number) {
  const v = Number(process.env[name]);
  return Math.max(min, Math.min(max, Number.isFinite(v) && v > 0 ? v : def));
}

export const RATE = intEnv('BENCH_RATE', 500, 10, 5000);
export const POD_READY_MS = intEnv('BENCH_POD_READY_MS', 1000, 10, 30_000);
export const SETTLE_MS = intEnv('BENCH_SETTLE_MS', 3000, 500, 60_000);
export const TARGET = { moveS: 2, failed: 0 };
export const WATCHDOG_MS = 5 * 60_000;
export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
export const ENTITY = 'component:default/web-demo';

/** The repository root. */
export const root = path.resolve(__dirname, '../..');

/** The run's start: every instant of the benchmark is in ms since then. */
export const t0 = performance.now();
export const sinceStart = () => performance.now() - t0;
const elapsed = () => `${(sinceStart() / 1000).toFixed(1)} s`;
// eslint-disable-next-line no-console
export const log = (m: string) => console.log(`[${elapsed()}] ${m}`);
