/* Settings of the catalog provider benchmark (environment, target). */

export const FLEETS = Math.max(
  1,
  Math.min(500, Number(process.env.BENCH_FLEETS) || 50),
);
export const MEMBERS = Math.max(
  1,
  Math.min(1000, Number(process.env.BENCH_MEMBERS) || 40),
);
/**
 * The account's cloud request rate (requests/s, also the burst). The target
 * is about the provider, so the bench lifts ackOne.accounts[].rateLimit
 * (default 20/s, which alone makes 2,171 calls take about 100 s); set
 * BENCH_RATE_LIMIT=20 to measure with the default.
 */
export const RATE_LIMIT = Math.max(
  1,
  Number(process.env.BENCH_RATE_LIMIT) || 1000,
);
export const TARGET_S = 10;
export const REGION = 'cn-hangzhou';

/** Deterministic CS-style id: `c` + 32 hex digits. */
export function id(prefix: string, n: number) {
  const hex = Buffer.from(`${prefix}${n}`).toString('hex');
  return `c${hex.padEnd(32, '0').slice(0, 32)}`;
}

export const sum = (counts: Record<string, number>) =>
  Object.values(counts).reduce((a, b) => a + b, 0);

/** Kubernetes API calls among the service's call counts. */
export const k8sCalls = (counts: Record<string, number>) =>
  Object.entries(counts)
    .filter(([k]) => k.startsWith('k8s:'))
    .reduce((a, [, v]) => a + v, 0);
