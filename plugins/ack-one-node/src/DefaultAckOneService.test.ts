import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { readAckOneAccounts } from './config';
import { DefaultAckOneService } from './DefaultAckOneService';
import { AckOneApiError } from './errors';
import { loadKubernetesClient } from './loadKubernetesClient';

jest.setTimeout(60_000);

describe('DefaultAckOneService against the simulator (demo world)', () => {
  let sim: Simulator;
  let dir: string;
  let service: DefaultAckOneService;

  const accountConfig = (extra: object = {}) =>
    new ConfigReader({
      ackOne: {
        accounts: [
          {
            id: 'sim',
            regions: ['cn-hangzhou'],
            endpoint: new URL(sim.endpoints.openApi).host,
            protocol: 'http',
            credentials: { type: 'access_key', ...sim.accessKey },
            ...extra,
          },
        ],
      },
    });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-node-'));
    sim = await startSimulator({
      world: 'demo',
      stateDir: dir,
      podReadyDelayMs: 20,
      gatewayStepMs: 20,
    });
  });

  beforeEach(() => {
    sim.cloud.faults.reset();
    service = new DefaultAckOneService({
      accounts: readAckOneAccounts(accountConfig()),
      backoff: { baseDelayMs: 1, maxDelayMs: 5 },
    });
  });

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists the Fleet, its members and the clusters with one list call', async () => {
    const fleets = await service.listFleets('sim', 'cn-hangzhou');
    expect(fleets).toHaveLength(1);
    expect(fleets[0]).toMatchObject({
      name: 'ackone-fleet',
      state: 'running',
      regionId: 'cn-hangzhou',
    });
    const details = await service.getFleet(
      'sim',
      'cn-hangzhou',
      fleets[0].clusterId,
    );
    expect(details.gitOpsEnabled).toBe(true);

    const members = await service.listManagedClusters(
      'sim',
      'cn-hangzhou',
      fleets[0].clusterId,
    );
    expect(members.map(m => m.name).sort()).toEqual([
      'ack-hangzhou',
      'idc-k8s',
    ]);

    const clusters = await service.listClusters('sim', 'cn-hangzhou');
    expect(clusters.map(c => [c.name, c.clusterType]).sort()).toEqual([
      ['ack-hangzhou', 'ManagedKubernetes'],
      ['idc-k8s', 'ExternalKubernetes'],
    ]);
    expect(
      clusters.every(c =>
        c.apiServerEndpoints.intranet?.startsWith('https://'),
      ),
    ).toBe(true);
    expect(service.getCallCounts()).toEqual({
      DescribeHubClusters: 1,
      DescribeHubClusterDetails: 1,
      DescribeManagedClusters: 1,
      DescribeClustersV1: 1,
    });
    // a region without Fleets (one endpoint serves every region here)
    await expect(service.listFleets('sim', 'cn-shanghai')).resolves.toEqual([]);
  });

  it('pages through DescribeClustersV1', async () => {
    const base = sim.cloud.state.clusters[0];
    const extra = Array.from({ length: 120 }, (_, i) => ({
      ...base,
      clusterId: `cpaging${String(i).padStart(25, '0')}`,
      name: `paging-${i}`,
      kubeServer: undefined,
    }));
    sim.cloud.state.clusters.push(...extra);
    try {
      const clusters = await service.listClusters('sim', 'cn-hangzhou');
      expect(clusters).toHaveLength(122);
      expect(new Set(clusters.map(c => c.clusterId)).size).toBe(122);
      expect(service.getCallCounts().DescribeClustersV1).toBe(2);
    } finally {
      sim.cloud.state.clusters.splice(
        sim.cloud.state.clusters.length - 120,
        120,
      );
    }
  });

  it('retries throttled calls until they succeed', async () => {
    sim.cloud.faults.throttleNext(2);
    const fleets = await service.listFleets('sim', 'cn-hangzhou');
    expect(fleets).toHaveLength(1);
    expect(service.getCallCounts().DescribeHubClusters).toBe(3);
  });

  it('fails with a typed error, without secrets, when the errors persist', async () => {
    sim.cloud.faults.failNext(10, { status: 503, code: 'ServiceUnavailable' });
    const err = await service.listClusters('sim', 'cn-hangzhou').catch(e => e);
    expect(err).toBeInstanceOf(AckOneApiError);
    expect(err).toMatchObject({
      call: 'DescribeClustersV1',
      account: 'sim',
      region: 'cn-hangzhou',
      status: 503,
      code: 'ServiceUnavailable',
      retryable: true,
    });
    expect(service.getCallCounts().DescribeClustersV1).toBe(5);
    expect(err.message).not.toContain(sim.accessKey.accessKeySecret);
  });

  it('reports a wrong secret as a non-retryable error that does not echo it', async () => {
    const bad = new DefaultAckOneService({
      accounts: readAckOneAccounts(
        accountConfig({
          credentials: {
            type: 'access_key',
            accessKeyId: sim.accessKey.accessKeyId,
            accessKeySecret: 'wrong-secret-value-123',
          },
        }),
      ),
    });
    const err = await bad.listClusters('sim', 'cn-hangzhou').catch(e => e);
    expect(err).toBeInstanceOf(AckOneApiError);
    expect(err.retryable).toBe(false);
    expect(err.status).toBe(400);
    expect(`${err.message} ${JSON.stringify(err)}`).not.toContain(
      'wrong-secret-value-123',
    );
  });

  it('caches member-cluster kubeconfigs and talks to the cluster with client-node', async () => {
    const [idc] = (await service.listClusters('sim', 'cn-hangzhou')).filter(
      c => c.clusterType === 'ExternalKubernetes',
    );
    const first = await service.getClusterKubeconfig('sim', 'cn-hangzhou', idc);
    const second = await service.getClusterKubeconfig(
      'sim',
      'cn-hangzhou',
      idc,
    );
    expect(second).toBe(first);
    expect(service.getCallCounts().DescribeClusterUserKubeconfig).toBe(1);
    expect(first.connection.server).toBe(sim.endpoints.clusters.idc.server);
    expect(first.connection.caData).toBeTruthy();
    expect(first.expiration!.getTime()).toBeGreaterThan(Date.now());

    const kc = await service.toKubeConfig(first);
    const k8s = await loadKubernetesClient();
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const namespaces = await core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toContain('web-demo');
  });

  it('finds the multi-cluster gateway in the Fleet', async () => {
    const [fleet] = await service.listFleets('sim', 'cn-hangzhou');
    const clusters = await service.listClusters('sim', 'cn-hangzhou');
    const gateways = await service.listFleetGateways(
      'sim',
      'cn-hangzhou',
      fleet.clusterId,
    );
    expect(gateways).toEqual([
      expect.objectContaining({
        kind: 'MseIngressConfig',
        name: 'ackone-gateway-hangzhou',
        status: 'Listening',
        fleetId: fleet.clusterId,
        ingressClasses: ['mse'],
        clusterIds: expect.arrayContaining(clusters.map(c => c.clusterId)),
      }),
    ]);
    expect(service.getCallCounts()).toMatchObject({
      DescribeHubClusterKubeconfig: 1,
      'k8s:list mseingressconfigs': 1,
      'k8s:list albconfigs': 1,
      'k8s:list ingressclasses': 1,
    });
  });
});

describe('readAckOneAccounts', () => {
  it('reads no accounts when there is no ackOne section', () => {
    expect(readAckOneAccounts(new ConfigReader({}))).toEqual([]);
  });

  it('takes the AccessKey from the environment and rejects bad ids', () => {
    const cfg = new ConfigReader({
      ackOne: { accounts: [{ id: 'prod', regions: ['cn-hangzhou'] }] },
    });
    const [a] = readAckOneAccounts(cfg, {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'id',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'sec',
    });
    expect(a).toMatchObject({
      id: 'prod',
      protocol: 'https',
      credentials: {
        type: 'access_key',
        accessKeyId: 'id',
        accessKeySecret: 'sec',
      },
    });
    expect(() => readAckOneAccounts(cfg, {})).toThrow(
      /AccessKey pair is required/,
    );
    expect(() =>
      readAckOneAccounts(
        new ConfigReader({
          ackOne: { accounts: [{ id: 'Bad_Id', regions: ['x'] }] },
        }),
        {},
      ),
    ).toThrow(/lower-case/);
  });
});
