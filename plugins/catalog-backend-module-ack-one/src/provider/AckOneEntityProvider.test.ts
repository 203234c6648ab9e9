import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { simulatorAccountConfig } from '@internal/plugin-ack-one-node/testUtils';
import { providerHarness } from './__testUtils__/providerHarness';

jest.setTimeout(60_000);

/** Forwards to the simulator; fails DescribeClustersV1 of chosen regions. */
async function startProxy(target: string) {
  const failRegions = new Set<string>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const region = url.searchParams.get('region_id');
    if (region && failRegions.has(region)) {
      req.resume();
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          Code: 'ServiceUnavailable',
          Message: 'region down',
          RequestId: 'proxy',
        }),
      );
      return;
    }
    const t = new URL(target);
    const up = http.request(
      {
        host: t.hostname,
        port: t.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      upRes => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    host: `127.0.0.1:${port}`,
    failRegions,
    close: () =>
      new Promise<void>(r => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}

function byType(entities: Entity[], type: string) {
  return entities.filter(e => e.spec?.type === type);
}

describe('AckOneEntityProvider against the simulator (demo world)', () => {
  let sim: Simulator;
  let dir: string;
  let proxy: Awaited<ReturnType<typeof startProxy>>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-catalog-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
      gatewayStepMs: 20,
    });
    proxy = await startProxy(sim.endpoints.openApi);
  });

  afterAll(async () => {
    await proxy?.close();
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function setup(regions: string[], providerExtra: object = {}) {
    const config = new ConfigReader({
      ackOne: {
        accounts: [
          simulatorAccountConfig(sim, { regions, endpoint: proxy.host }),
        ],
      },
      catalog: {
        providers: {
          ackOne: {
            demo: {
              account: 'sim',
              owner: 'group:default/platform',
              system: 'dr-platform',
              ...providerExtra,
            },
          },
        },
      },
    });
    return providerHarness(config, m => expect(m.type).toBe('full'));
  }

  it('emits the Fleet, both member clusters and the gateway, related to each other', async () => {
    const { provider, connection, mutations, ackOne } = setup(['cn-hangzhou']);
    await provider.connect(connection);
    const result = await provider.refresh();
    expect(result).toMatchObject({
      succeeded: ['cn-hangzhou'],
      failed: [],
      skipped: [],
    });
    const entities = mutations[0];
    const fleet = sim.world.cloud.fleets[0];

    const [fleetEntity] = byType(entities, 'ack-one-fleet');
    expect(fleetEntity.metadata).toMatchObject({
      name: 'ackone-fleet',
      annotations: expect.objectContaining({
        'ack-one/cluster-id': fleet.clusterId,
        'ack-one/gitops-enabled': 'true',
        'ack-one/account': 'sim',
      }),
    });
    expect(fleetEntity.spec).toMatchObject({
      owner: 'group:default/platform',
      system: 'dr-platform',
    });

    const clusters = byType(entities, 'kubernetes-cluster');
    expect(clusters.map(c => c.metadata.name).sort()).toEqual([
      'ack-hangzhou',
      'idc-k8s',
    ]);
    const idc = clusters.find(c => c.metadata.name === 'idc-k8s')!;
    expect(idc.metadata.annotations).toMatchObject({
      'kubernetes.io/api-server': sim.endpoints.clusters.idc.server,
      'kubernetes.io/api-server-certificate-authority':
        expect.stringMatching(/^LS0t/),
      'kubernetes.io/auth-provider': 'ackOne',
      'ack-one/location': 'idc',
      'ack-one/cluster-type': 'ExternalKubernetes',
      'ack-one/fleet-id': fleet.clusterId,
    });
    expect(idc.metadata.labels).toMatchObject({
      'ack-one/location': 'idc',
      'ack-one/region': 'cn-hangzhou',
    });
    expect(idc.spec).toMatchObject({
      dependencyOf: ['resource:default/ackone-fleet'],
      owner: 'group:default/platform',
    });
    const ack = clusters.find(c => c.metadata.name === 'ack-hangzhou')!;
    expect(ack.metadata.labels?.['ack-one/location']).toBe('cloud');

    const [gw] = byType(entities, 'multi-cluster-gateway');
    expect(gw.metadata.name).toBe('ackone-gateway-hangzhou');
    expect(gw.metadata.annotations).toMatchObject({
      'ack-one/gateway-kind': 'MseIngressConfig',
      'ack-one/gateway-status': 'Listening',
      'ack-one/gateway-ingress-class': 'mse',
    });
    expect((gw.spec?.dependsOn as string[]).sort()).toEqual([
      'resource:default/ack-hangzhou',
      'resource:default/ackone-fleet',
      'resource:default/idc-k8s',
    ]);

    // no credential reaches the catalog
    const text = JSON.stringify(entities);
    expect(text).not.toContain(sim.accessKey.accessKeySecret);
    expect(text).not.toMatch(/token|BEGIN RSA|client-key/i);
    for (const kc of [sim.endpoints.clusters.idc])
      expect(kc.server).toBeTruthy();

    // a second run reuses the cached kubeconfigs
    await provider.refresh();
    expect(ackOne.getCallCounts().DescribeClusterUserKubeconfig).toBe(2);
    expect(ackOne.getCallCounts().DescribeClustersV1).toBe(2);
  });

  it('adds a new cluster and removes a deleted one on the next run', async () => {
    const { provider, connection, mutations } = setup(['cn-hangzhou']);
    await provider.connect(connection);
    await provider.refresh();
    expect(byType(mutations[0], 'kubernetes-cluster')).toHaveLength(2);

    const state = sim.world.cloud;
    const ackIndex = state.clusters.findIndex(c => c.name === 'ack-hangzhou');
    const removed = state.clusters.splice(ackIndex, 1)[0];
    const fleet = state.fleets[0];
    const members = [...fleet.members];
    fleet.members = fleet.members.filter(id => id !== removed.clusterId);
    state.clusters.push({
      ...removed,
      clusterId: 'cnewcluster000000000000000000001',
      name: 'idc-k8s-2',
      clusterType: 'ExternalKubernetes',
      state: 'waiting',
      kubeServer: undefined,
    });
    try {
      await provider.refresh();
      const names = byType(mutations[1], 'kubernetes-cluster')
        .map(c => c.metadata.name)
        .sort();
      expect(names).toEqual(['idc-k8s', 'idc-k8s-2']);
      const fresh = mutations[1].find(e => e.metadata.name === 'idc-k8s-2')!;
      // a waiting registered cluster has no API server yet: no Kubernetes annotations
      expect(
        fresh.metadata.annotations?.['kubernetes.io/api-server'],
      ).toBeUndefined();
      expect(fresh.metadata.annotations?.['ack-one/state']).toBe('waiting');
    } finally {
      state.clusters.pop();
      state.clusters.splice(ackIndex, 0, removed);
      fleet.members = members;
    }
  });

  it('succeeds when the cloud API throttles and then recovers', async () => {
    const { provider, connection, mutations, ackOne } = setup(['cn-hangzhou']);
    await provider.connect(connection);
    const calls = () =>
      Object.values(ackOne.getCallCounts()).reduce((a, b) => a + b, 0);
    await provider.refresh();
    ackOne.resetCallCounts();
    await provider.refresh();
    const quiet = calls();
    ackOne.resetCallCounts();
    sim.cloud.faults.throttleNext(3);
    const result = await provider.refresh();
    expect(result.failed).toEqual([]);
    expect(mutations[2]).toHaveLength(4);
    // each throttled call was tried again
    expect(calls()).toBe(quiet + 3);
  });

  it('keeps the last good entities of a failing region and refreshes the others', async () => {
    const { provider, connection, mutations, logger } = setup([
      'cn-hangzhou',
      'cn-shanghai',
    ]);
    const base = sim.world.cloud.clusters[0];
    sim.world.cloud.clusters.push({
      ...base,
      clusterId: 'cshanghai0000000000000000000001',
      name: 'ack-shanghai',
      clusterType: 'ManagedKubernetes',
      regionId: 'cn-shanghai',
      kubeServer: 'ack',
    });
    try {
      await provider.connect(connection);
      await provider.refresh();
      expect(mutations[0].map(e => e.metadata.name)).toContain('ack-shanghai');
      expect(mutations[0]).toHaveLength(5);

      // cn-hangzhou goes down; a cluster appears in cn-shanghai
      proxy.failRegions.add('cn-hangzhou');
      sim.world.cloud.clusters.push({
        ...base,
        clusterId: 'cshanghai0000000000000000000002',
        name: 'ack-shanghai-2',
        clusterType: 'ManagedKubernetes',
        regionId: 'cn-shanghai',
        kubeServer: 'ack',
      });
      const result = await provider.refresh();
      expect(result).toMatchObject({
        succeeded: ['cn-shanghai'],
        failed: ['cn-hangzhou'],
      });
      expect(mutations[1].map(e => e.metadata.name).sort()).toEqual([
        'ack-hangzhou',
        'ack-shanghai',
        'ack-shanghai-2',
        'ackone-fleet',
        'ackone-gateway-hangzhou',
        'idc-k8s',
      ]);
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /sim\/cn-hangzhou failed, keeping its last known entities \(4\)/,
        ),
      );
    } finally {
      proxy.failRegions.clear();
      sim.world.cloud.clusters = sim.world.cloud.clusters.filter(
        c => c.regionId !== 'cn-shanghai',
      );
    }
  });
});
