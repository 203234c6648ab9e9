/*
 * Benchmark of the ACK One catalog provider's scale target:
 *
 *   "2,000 clusters across 50 fleets ingested in one provider run in under
 *    10 s against the simulator, with the number of cloud API calls reported
 *    (paging, no per-cluster call where a list call serves)."
 *
 *   source scripts/env.sh && \
 *     node -r @backstage/cli/config/nodeTransform.cjs bench/catalog/run.ts
 *
 * Optional environment: BENCH_FLEETS (default 50), BENCH_MEMBERS (members per
 * Fleet, default 40).
 *
 * The simulator starts from the `empty` world (API server `idc`); the bench
 * adds one shared ACK API server (`ack`) and one API server per Fleet
 * (`fleet-NN`, each holding one MseIngressConfig + IngressClass), then writes
 * 50 running Fleets and 2,000 running member clusters (half
 * ExternalKubernetes on `idc`, half ManagedKubernetes on `ack`) straight into
 * the simulator's cloud state. Member clusters share the two API servers:
 * the provider only needs each cluster's API server address and CA, which
 * come from DescribeClusterUserKubeconfig.
 *
 * One refresh of the real AckOneEntityProvider with the real
 * DefaultAckOneService (http, 127.0.0.1) is timed; the mutation is recorded.
 * Everything runs on 127.0.0.1 and the process stops by itself.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { mseGatewayObjects, startSimulator } from '@internal/ack-one-simulator';
import {
  DefaultAckOneService,
  readAckOneAccounts,
} from '@internal/plugin-ack-one-node';
import type { AckOneService } from '@internal/plugin-ack-one-node';
import { benchCluster, benchFleet, simulatorAccount, table } from '../lib';
import { AckOneEntityProvider } from '../../plugins/catalog-backend-module-ack-one/src/provider/AckOneEntityProvider';

const FLEETS = Math.max(
  1,
  Math.min(500, Number(process.env.BENCH_FLEETS) || 50),
);
const MEMBERS = Math.max(
  1,
  Math.min(1000, Number(process.env.BENCH_MEMBERS) || 40),
);
const TARGET_S = 10;
const REGION = 'cn-hangzhou';

/** Deterministic CS-style id: `c` + 32 hex digits. */
function id(prefix: string, n: number) {
  const hex = Buffer.from(`${prefix}${n}`).toString('hex');
  return `c${hex.padEnd(32, '0').slice(0, 32)}`;
}

function mb(n: number) {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** A LoggerService that counts messages and keeps a few warnings. */
function countingLogger() {
  const counts = { debug: 0, info: 0, warn: 0, error: 0 };
  const samples: string[] = [];
  const logger: LoggerService = {
    debug: () => {
      counts.debug++;
    },
    info: () => {
      counts.info++;
    },
    warn: (m: string) => {
      counts.warn++;
      if (samples.length < 5) samples.push(m);
    },
    error: (m: string) => {
      counts.error++;
      if (samples.length < 5) samples.push(m);
    },
    child: () => logger,
  };
  return { logger, counts, samples };
}

/** Wraps the service: calls and cumulative time per method. */
function timedService(inner: AckOneService) {
  const stats = new Map<string, { calls: number; ms: number }>();
  const wrapped = new Proxy(inner as any, {
    get(target, prop, receiver) {
      const v = Reflect.get(target, prop, receiver);
      if (typeof v !== 'function' || typeof prop !== 'string') return v;
      return (...args: unknown[]) => {
        const r = v.apply(target, args);
        if (!(r instanceof Promise)) return r;
        const t0 = performance.now();
        const done = () => {
          const s = stats.get(prop) ?? { calls: 0, ms: 0 };
          s.calls++;
          s.ms += performance.now() - t0;
          stats.set(prop, s);
        };
        r.then(done, done);
        return r;
      };
    },
  }) as AckOneService;
  return { wrapped, stats };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-catalog-bench-'));
  const sim = await startSimulator({
    world: 'empty',
    host: '127.0.0.1',
    cloudPort: 0,
    gatewayPort: 0,
    controlPort: 0,
    stateDir: dir,
    podReadyDelayMs: 10,
    gatewayStepMs: 10,
  });
  let exitCode = 0;
  try {
    // ------------------------------------------------------------ setup
    const tSetup = performance.now();
    const state = sim.cloud.state;
    const vpc = state.vpcs[0];
    const [vsw1] = vpc.vSwitches;
    await sim.world.addServer('ack', 'ack');
    const created = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    let clusterCount = 0;
    for (let f = 0; f < FLEETS; f++) {
      const ff = String(f).padStart(2, '0');
      const members: string[] = [];
      for (let m = 0; m < MEMBERS; m++) {
        const mm = String(m).padStart(2, '0');
        const idc = m % 2 === 0;
        const c = benchCluster({
          clusterId: id('m', f * 10_000 + m),
          name: idc ? `idc-f${ff}-${mm}` : `ack-f${ff}-${mm}`,
          idc,
          vpc,
          region: REGION,
          created,
          kubeServer: idc ? 'idc' : 'ack',
        });
        state.clusters.push(c);
        members.push(c.clusterId);
        clusterCount++;
      }
      const serverName = `fleet-${ff}`;
      const entry = await sim.world.addServer(serverName, 'fleet');
      const gwName = `gateway-f${ff}`;
      for (const obj of mseGatewayObjects({
        name: gwName,
        instanceName: `mse-${ff}`,
        ingressClass: `mse-${ff}`,
        clusterIds: members,
        vSwitchId: vsw1.vSwitchId,
        id: `gw-${ff}`,
      }))
        entry.server.api.upsert(obj);
      const fleet = benchFleet({
        clusterId: id('f', f),
        name: `fleet-${ff}`,
        vpc,
        region: REGION,
        created,
        members,
        kubeServer: serverName,
      });
      state.fleets.push(fleet);
    }
    const setupMs = performance.now() - tSetup;

    // ---------------------------------------------------------- provider
    const config = new ConfigReader({
      ackOne: {
        accounts: [simulatorAccount(sim, REGION)],
      },
      catalog: {
        providers: {
          ackOne: {
            bench: { account: 'sim', owner: 'group:default/platform' },
          },
        },
      },
    });
    const service = new DefaultAckOneService({
      accounts: readAckOneAccounts(config),
    });
    const { wrapped, stats } = timedService(service);
    const log = countingLogger();
    const [provider] = AckOneEntityProvider.fromConfig(config, {
      logger: log.logger,
      scheduler: {
        createScheduledTaskRunner: () => ({ run: async () => {} }),
      } as any,
      ackOne: wrapped,
    });
    const mutations: Array<{ type: string; entities: Entity[] }> = [];
    const connection: EntityProviderConnection = {
      applyMutation: async m => {
        mutations.push({
          type: m.type,
          entities:
            m.type === 'full'
              ? m.entities.map(e => e.entity)
              : m.added.map(e => e.entity),
        });
      },
      refresh: async () => {},
    };
    await provider.connect(connection);

    sim.cloud.resetCallCount();
    service.resetCallCounts();
    global.gc?.();
    const mem0 = process.memoryUsage();
    const t0 = performance.now();
    const result = await provider.refresh();
    const runMs = performance.now() - t0;
    const mem1 = process.memoryUsage();
    const coldSim = sim.cloud.callCount();
    const coldSvc = service.getCallCounts();
    const coldStats = new Map(
      [...stats.entries()].map(([k, v]) => [k, { ...v }]),
    );
    service.resetCallCounts();

    // a second (warm) refresh in the same process: cached kubeconfigs reused
    sim.cloud.resetCallCount();
    const tWarm = performance.now();
    const warm = await provider.refresh();
    const warmMs = performance.now() - tWarm;
    const warmCalls = sim.cloud.callCount();
    const warmTotal = Object.values(warmCalls).reduce((a, b) => a + b, 0);
    const warmK8s = Object.entries(service.getCallCounts())
      .filter(([k]) => k.startsWith('k8s:'))
      .reduce((a, [, v]) => a + v, 0);

    // ----------------------------------------------------------- report
    const entities = mutations[0]?.entities ?? [];
    const byType = new Map<string, number>();
    for (const e of entities) {
      const t = String(e.spec?.type ?? e.kind);
      byType.set(t, (byType.get(t) ?? 0) + 1);
    }
    const withApiServer = entities.filter(
      e => e.metadata.annotations?.['kubernetes.io/api-server'],
    ).length;
    const simCalls = coldSim;
    const svcCalls = coldSvc;
    const cloudTotal = Object.values(simCalls).reduce((a, b) => a + b, 0);
    const k8sTotal = Object.entries(svcCalls)
      .filter(([k]) => k.startsWith('k8s:'))
      .reduce((a, [, v]) => a + v, 0);
    const perCluster = simCalls.DescribeClusterUserKubeconfig ?? 0;

    console.log(
      `catalog bench: ${FLEETS} fleets x ${MEMBERS} members = ${clusterCount} clusters; setup ${(
        setupMs / 1000
      ).toFixed(2)} s (${sim.world.servers.size} simulated API servers)\n`,
    );
    console.log(
      table([
        [
          'entities (mutation type ' + (mutations[0]?.type ?? '-') + ')',
          'count',
        ],
        ...[...byType.entries()].sort().map(([t, n]) => [t, String(n)]),
        ['total', String(entities.length)],
        ['clusters with kubernetes.io/api-server', String(withApiServer)],
        [
          'skipped / failed regions',
          `${result.skipped.length} / ${result.failed.length}`,
        ],
      ]),
    );
    console.log();
    const actions = [
      ...new Set([...Object.keys(simCalls), ...Object.keys(svcCalls)]),
    ].sort();
    console.log(
      table([
        ['API call', 'simulator', 'service', 'kind'],
        ...actions.map(a => [
          a,
          String(simCalls[a] ?? '-'),
          String(svcCalls[a] ?? '-'),
          a.startsWith('k8s:')
            ? 'per fleet (k8s)'
            : a === 'DescribeClusterUserKubeconfig'
            ? 'PER CLUSTER'
            : a === 'DescribeClustersV1'
            ? 'paged list'
            : a === 'DescribeHubClusters'
            ? 'list'
            : 'per fleet',
        ]),
        ['total cloud OpenAPI', String(cloudTotal), '', ''],
        ['total Kubernetes API', '', String(k8sTotal), ''],
      ]),
    );
    console.log();
    console.log(
      table([
        ['AckOneService method', 'calls', 'sum ms', 'avg ms'],
        ...[...coldStats.entries()]
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
    console.log(
      table([
        ['memory', 'before run', 'after run', 'delta'],
        ['rss', mb(mem0.rss), mb(mem1.rss), mb(mem1.rss - mem0.rss)],
        [
          'heapUsed',
          mb(mem0.heapUsed),
          mb(mem1.heapUsed),
          mb(mem1.heapUsed - mem0.heapUsed),
        ],
      ]),
    );
    console.log(
      `logger (both runs): ${log.counts.info} info, ${log.counts.warn} warn, ${
        log.counts.error
      } error${log.samples.length ? `; e.g. ${log.samples[0]}` : ''}\n`,
    );

    console.log(
      `warm refresh (same process, 2nd run): ${(warmMs / 1000).toFixed(2)} s, ${
        warm.entities
      } entities, ${warmTotal} API calls (${Object.entries(warmCalls)
        .sort()
        .map(([a, n]) => `${a} ${n}`)
        .join(', ')}) + ${warmK8s} Kubernetes API calls\n`,
    );

    const ok =
      runMs < TARGET_S * 1000 &&
      (byType.get('kubernetes-cluster') ?? 0) === clusterCount &&
      (byType.get('ack-one-fleet') ?? 0) === FLEETS;
    const breakdown = actions
      .filter(a => simCalls[a])
      .map(a => `${a} ${simCalls[a]}`)
      .join(', ');
    console.log(
      `catalog bench: ${clusterCount} clusters / ${FLEETS} fleets in ${(
        runMs / 1000
      ).toFixed(
        2,
      )} s, ${cloudTotal} API calls (${breakdown}; ${perCluster} of them per-cluster kubeconfig calls) + ${k8sTotal} Kubernetes API calls; target < ${TARGET_S} s: ${
        ok ? 'MET' : 'NOT MET'
      }`,
    );
    if (!ok) exitCode = 1;
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.exit(exitCode);
}

main().catch(e => {
  console.error(e);
  process.exit(2);
});
