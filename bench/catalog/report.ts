/* The catalog benchmark's printed tables, summary line and verdict. */
import type { Entity } from '@backstage/catalog-model';
import { table } from '../lib';
import { FLEETS, k8sCalls, MEMBERS, RATE_LIMIT, sum, TARGET_S } from './config';
import type { Connected } from './provider';
import type { ColdRun, WarmRun } from './refresh';

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

function entitiesByType(entities: Entity[]) {
  const byType = new Map<string, number>();
  for (const e of entities) {
    const t = String(e.spec?.type ?? e.kind);
    byType.set(t, (byType.get(t) ?? 0) + 1);
  }
  return byType;
}

function callKind(action: string) {
  if (action.startsWith('k8s:')) return 'per fleet (k8s)';
  if (action === 'DescribeClusterUserKubeconfig') return 'PER CLUSTER';
  if (action === 'DescribeClustersV1') return 'paged list';
  if (action === 'DescribeHubClusters') return 'list';
  return 'per fleet';
}

function printEntities(c: Connected, cold: ColdRun, entities: Entity[]) {
  const withApiServer = entities.filter(
    e => e.metadata.annotations?.['kubernetes.io/api-server'],
  ).length;
  const { skipped, failed } = cold.result;
  console.log(
    table([
      [`entities (mutation type ${c.mutations[0]?.type ?? '-'})`, 'count'],
      ...[...entitiesByType(entities).entries()]
        .sort()
        .map(([t, n]) => [t, String(n)]),
      ['total', String(entities.length)],
      ['clusters with kubernetes.io/api-server', String(withApiServer)],
      ['skipped / failed regions', `${skipped.length} / ${failed.length}`],
    ]),
  );
  console.log();
}

function actionsOf(cold: ColdRun) {
  return [
    ...new Set([...Object.keys(cold.simCalls), ...Object.keys(cold.svcCalls)]),
  ].sort();
}

function printCalls(cold: ColdRun) {
  const { simCalls, svcCalls } = cold;
  console.log(
    table([
      ['API call', 'simulator', 'service', 'kind'],
      ...actionsOf(cold).map(a => [
        a,
        String(simCalls[a] ?? '-'),
        String(svcCalls[a] ?? '-'),
        callKind(a),
      ]),
      ['total cloud OpenAPI', String(sum(simCalls)), '', ''],
      ['total Kubernetes API', '', String(k8sCalls(svcCalls)), ''],
    ]),
  );
  console.log();
}

function printMethods(cold: ColdRun) {
  console.log(
    table([
      ['AckOneService method', 'calls', 'sum ms', 'avg ms'],
      ...[...cold.methods.entries()]
        .sort((a, b) => b[1].ms - a[1].ms)
        .map(([k, s]) => [
          k,
          String(s.calls),
          s.ms.toFixed(0),
          (s.ms / s.calls).toFixed(2),
        ]),
    ]),
  );
  console.log(
    '(sum ms overlaps where calls run concurrently: getFleet runs in parallel, the rest in sequence)\n',
  );
}

function printMemory(c: Connected, cold: ColdRun) {
  const { before: m0, after: m1 } = cold.memory;
  console.log(
    table([
      ['memory', 'before run', 'after run', 'delta'],
      ['rss', mb(m0.rss), mb(m1.rss), mb(m1.rss - m0.rss)],
      [
        'heapUsed',
        mb(m0.heapUsed),
        mb(m1.heapUsed),
        mb(m1.heapUsed - m0.heapUsed),
      ],
    ]),
  );
  const { counts, samples } = c.log;
  console.log(
    `logger (both runs): ${counts.info} info, ${counts.warn} warn, ${
      counts.error
    } error${samples.length ? `; e.g. ${samples[0]}` : ''}\n`,
  );
}

function printWarm(warm: WarmRun) {
  const calls = Object.entries(warm.calls)
    .sort()
    .map(([a, n]) => `${a} ${n}`)
    .join(', ');
  console.log(
    `warm refresh (same process, 2nd run): ${(warm.ms / 1000).toFixed(2)} s, ${
      warm.entities
    } entities, ${warm.total} API calls (${calls}) + ${
      warm.k8s
    } Kubernetes API calls\n`,
  );
}

/** Prints everything; true when the target is met and nothing is missing. */
export function report(opts: {
  sim: { servers: number };
  world: { clusterCount: number; setupMs: number };
  connected: Connected;
  cold: ColdRun;
  warm: WarmRun;
}): boolean {
  const { world, connected: c, cold, warm } = opts;
  const entities = c.mutations[0]?.entities ?? [];
  console.log(
    `catalog bench: ${FLEETS} fleets x ${MEMBERS} members = ${
      world.clusterCount
    } clusters; setup ${(world.setupMs / 1000).toFixed(2)} s (${
      opts.sim.servers
    } simulated API servers); cloud rate limit ${RATE_LIMIT} requests/s\n`,
  );
  printEntities(c, cold, entities);
  printCalls(cold);
  printMethods(cold);
  printMemory(c, cold);
  printWarm(warm);
  const byType = entitiesByType(entities);
  const ok =
    cold.runMs < TARGET_S * 1000 &&
    (byType.get('kubernetes-cluster') ?? 0) === world.clusterCount &&
    (byType.get('ack-one-fleet') ?? 0) === FLEETS;
  printVerdict(world.clusterCount, cold, ok);
  return ok;
}

function printVerdict(clusterCount: number, cold: ColdRun, ok: boolean) {
  const { simCalls, svcCalls } = cold;
  const breakdown = actionsOf(cold)
    .filter(a => simCalls[a])
    .map(a => `${a} ${simCalls[a]}`)
    .join(', ');
  const perCluster = simCalls.DescribeClusterUserKubeconfig ?? 0;
  console.log(
    `catalog bench: ${clusterCount} clusters / ${FLEETS} fleets in ${(
      cold.runMs / 1000
    ).toFixed(2)} s, ${sum(
      simCalls,
    )} API calls (${breakdown}; ${perCluster} of them per-cluster kubeconfig calls) + ${k8sCalls(
      svcCalls,
    )} Kubernetes API calls; target < ${TARGET_S} s: ${ok ? 'MET' : 'NOT MET'}`,
  );
}
