/*
 * The results of the DR status benchmark: the summary table with the
 * verdicts against the targets, the replica change trials, the backend's
 * warnings and errors, printed and, with BENCH_RESULTS_FILE, written as
 * Markdown (for README.md). Returns the exit code.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { table } from '../lib';
import { logMatches, logProblems } from './backend-process';
import { CLUSTERS, SERVICES, SLOW_MS } from './config';
import type { Trial } from './freshness';
import type { DrResult, WatchResult } from './latency';
import type { Baseline, MemoryPhase } from './memory';
import { summaryRows } from './rows';
import type { World } from './setup';
import { countInto, markdownTable, ms } from './stats';
import type { StockResult } from './stock';
import { BenchCluster, REPLICAS } from './world';

export interface Results {
  world: World;
  slow: BenchCluster;
  worldMs: number;
  readyMs: number;
  catalogMs: number;
  cacheWarmMs: number;
  watchResult: WatchResult;
  kubeToWarm: number;
  watchesAtEnd: number;
  lostLines: number;
  dr?: DrResult;
  stock: StockResult;
  trials: Trial[];
  baseline?: Baseline;
  memory: MemoryPhase[];
  notes: string[];
  logPath: string;
}

type BackendLog = ReturnType<typeof logProblems>;

function worldLine({ world, slow }: Results) {
  return `${CLUSTERS} member clusters (${
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
}

function verdictsOf(rows: string[][], res: Results) {
  const verdicts = rows
    .filter(r => r[3] === 'PASS' || r[3] === 'FAIL')
    .map(r => `${r[3]} ${r[0]}: ${r[1]} (target ${r[2]})`);
  if (!res.dr)
    verdicts.push(
      'NOT MEASURED DR status p99, speed-up and replica change: no DR status endpoint',
    );
  return verdicts;
}

function trialRows({ trials, slow }: Results) {
  return [
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
  ];
}

/** Backend warnings and errors grouped by message, digits as N. */
function groupProblems(problems: BackendLog['problems']) {
  const grouped = new Map<string, number>();
  for (const p of problems)
    countInto(
      grouped,
      `${p.level} [${p.plugin ?? '-'}] ${p.message
        .replace(/\d+/g, 'N')
        .slice(0, 160)}`,
    );
  return grouped;
}

const counted = (m: Map<string, number>) =>
  [...m].map(([k, v]) => `${v}x ${k}`).join('; ');

function print(
  res: Results,
  rows: string[][],
  verdicts: string[],
  grouped: Map<string, number>,
  cacheLog: ReturnType<typeof logMatches>,
  out: (s?: string) => void,
) {
  out();
  out(`world: ${worldLine(res)}`);
  out();
  out(table(rows));
  out();
  for (const v of verdicts) out(v);
  for (const n of res.notes) out(`NOTE ${n}`);
  if (res.dr?.drIssues.size)
    out(`\nDR answers with issues: ${counted(res.dr.drIssues)}`);
  if (res.stock.stockIssues.size)
    out(`stock answers with issues: ${counted(res.stock.stockIssues)}`);
  if (res.trials.length) {
    out();
    out(table(trialRows(res)));
  }
  if (grouped.size) {
    out('\nbackend warnings/errors (grouped, digits as N):');
    for (const [k, v] of [...grouped].sort((a, b) => b[1] - a[1]).slice(0, 15))
      out(`  ${v}x ${k}`);
  }
  if (cacheLog.length) {
    out('\nDR cache log lines (first 8):');
    for (const l of cacheLog)
      out(`  ${l.timestamp ?? ''} ${l.message.slice(0, 200)}`);
  }
}

function markdown(
  res: Results,
  rows: string[][],
  verdicts: string[],
  grouped: Map<string, number>,
) {
  return [
    `World: ${worldLine(res)}.`,
    '',
    markdownTable(rows),
    '',
    ...verdicts.map(v => `- ${v}`),
    ...res.notes.map(n => `- NOTE ${n}`),
    ...(res.trials.length ? ['', markdownTable(trialRows(res))] : []),
    ...(grouped.size
      ? [
          '',
          'Backend warnings/errors:',
          '',
          ...[...grouped].map(([k, v]) => `- ${v}x ${k}`),
        ]
      : []),
  ].join('\n');
}

/** Prints (and writes) the results; 1 when a target failed or was not measured. */
export function report(res: Results): number {
  const cacheLog = logMatches(res.logPath, /sync|watch|discover|Fleet/i).slice(
    0,
    8,
  );
  const backendLog = logProblems(res.logPath);
  const rows = summaryRows(res, backendLog);
  const verdicts = verdictsOf(rows, res);
  const grouped = groupProblems(backendLog.problems);
  // eslint-disable-next-line no-console
  const out = (s = '') => console.log(s);
  print(res, rows, verdicts, grouped, cacheLog, out);
  if (process.env.BENCH_RESULTS_FILE) {
    const md = markdown(res, rows, verdicts, grouped);
    fs.writeFileSync(process.env.BENCH_RESULTS_FILE, `${md}\n`);
  }
  if (process.env.BENCH_KEEP_LOG) {
    const keep = path.join(
      os.tmpdir(),
      `ack-one-dr-bench-backend-${Date.now()}.log`,
    );
    fs.copyFileSync(res.logPath, keep);
    out(`\nbackend log kept at ${keep}`);
  }
  return verdicts.some(v => v.startsWith('FAIL') || v.startsWith('NOT'))
    ? 1
    : 0;
}
