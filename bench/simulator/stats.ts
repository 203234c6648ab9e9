/* Statistics and the row type of the simulator benchmark. */

/** One line of the report: target, goal, measured, notes. */
export type Row = [string, string, string, string];

export function median(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function p95(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))];
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
