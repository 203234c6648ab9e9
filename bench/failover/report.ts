/* The failover benchmark's table, verdicts and Markdown results file. */
import fs from 'node:fs';
import type { monitorEventLoopDelay } from 'node:perf_hooks';
import { table } from '../lib';
import { RATE, TARGET } from './config';
import type { Load } from './load';

type IntervalHistogram = ReturnType<typeof monitorEventLoopDelay>;
import type { Move } from './moves';

const verdict = (ok: boolean) => (ok ? 'yes' : 'NO');

/** The duration rows of one move: split in warm-up and shift when warmed up. */
function durationRows(m: Move): string[][] {
  const seconds = m.request.durationSeconds!;
  const total = `${seconds.toFixed(2)} s`;
  const title = `${m.name}: approval -> verified weights`;
  if (m.warmUpS === undefined || m.shiftS === undefined)
    return [
      [title, `< ${TARGET.moveS} s`, total, verdict(seconds < TARGET.moveS)],
    ];
  return [
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
  ];
}

/** The report rows of one move: duration, failures, RTO, who answered. */
function moveRows(
  m: Move,
  shares: (c: Record<string, number>) => string,
): string[][] {
  const seconds = m.request.durationSeconds!;
  const rto = m.request.rtoSeconds;
  return [
    ...durationRows(m),
    [
      `${m.name}: failed requests during the move`,
      `${TARGET.failed}`,
      `${m.load.failed} of ${m.load.total}`,
      verdict(m.load.failed <= TARGET.failed),
    ],
    [
      `${m.name}: RTO (ack-one/rto)`,
      `<= ${rto} s`,
      `${seconds.toFixed(2)} s`,
      verdict(rto !== undefined && seconds <= rto),
    ],
    ['  answered by', '', shares(m.load.byCluster), ''],
  ];
}

/** The rows about the whole run's load and the event loop. */
function loadRows(load: Load, loop: IntervalHistogram): string[][] {
  const all = load.between(0, Infinity);
  const seconds = (load.stoppedAt - load.startedAt) / 1000;
  return [
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
      verdict(!all.failed),
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
}

function writeResults(file: string, rows: string[][]) {
  fs.writeFileSync(
    file,
    `| ${rows[0].join(' | ')} |\n|${rows[0].map(() => '---').join('|')}|\n${rows
      .slice(1)
      .map(r => `| ${r.join(' | ')} |`)
      .join('\n')}\n`,
  );
}

/** Prints the table (and writes BENCH_RESULTS_FILE); true when a target was missed. */
export function report(opts: {
  moves: Move[];
  load: Load;
  loop: IntervalHistogram;
  names: Record<string, string>;
}): boolean {
  const shares = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${opts.names[k] ?? k} ${v}`)
      .join(', ');
  const rows = [
    ['measure', 'target', 'result', 'ok'],
    ...opts.moves.flatMap(m => moveRows(m, shares)),
    ...loadRows(opts.load, opts.loop),
  ];
  // eslint-disable-next-line no-console
  console.log(`\n${table(rows)}\n`);
  if (process.env.BENCH_RESULTS_FILE)
    writeResults(process.env.BENCH_RESULTS_FILE, rows);
  return rows.some(r => r[3] === 'NO');
}
