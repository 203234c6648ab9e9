import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { startSimulator, Simulator } from '@internal/ack-one-simulator';
import { readAckOneAccounts } from './config';
import { DefaultAckOneService } from './DefaultAckOneService';
import { getKubeconfigFor } from './clusterRef';
import { AckOneApiError } from './errors';
import { RetryClock } from './retry';
import { loadKubernetesClient } from './loadKubernetesClient';
import { simulatorAccountConfig, SimulatorAccountOptions } from './testUtils';

jest.setTimeout(60_000);

describe('DefaultAckOneService against the simulator (demo world)', () => {
  let sim: Simulator;
  let dir: string;
  let service: DefaultAckOneService;

  const accountConfig = (extra: SimulatorAccountOptions = {}) =>
    new ConfigReader({
      ackOne: {
        accounts: [simulatorAccountConfig(sim, extra)],
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

describe('DefaultAckOneService: rate limits, Retry-After and the kubeconfig cache', () => {
  let sim: Simulator;
  let dir: string;

  /** Time stands still unless a wait or the test moves it. */
  function fakeClock() {
    const sleeps: number[] = [];
    let now = Date.now();
    const clock: RetryClock = {
      now: () => now,
      sleep: async ms => {
        sleeps.push(ms);
      },
      random: () => 0,
    };
    return { clock, sleeps, setNow: (t: number) => (now = t) };
  }

  function newService(extra: SimulatorAccountOptions = {}, clock?: RetryClock) {
    const logger = mockServices.logger.mock();
    const service = new DefaultAckOneService({
      accounts: readAckOneAccounts(
        new ConfigReader({
          ackOne: {
            accounts: [simulatorAccountConfig(sim, extra)],
          },
        }),
      ),
      clock,
      logger,
    });
    return { service, logger };
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ack-one-node-'));
    sim = await startSimulator({ world: 'demo', stateDir: dir });
  });

  beforeEach(() => sim.cloud.faults.reset());

  afterAll(async () => {
    await sim?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('spaces concurrent calls of every kind by the account rate limit', async () => {
    const { clock, sleeps } = fakeClock();
    const { service } = newService(
      { rateLimit: { requestsPerSecond: 2, burst: 1 } },
      clock,
    );
    const [fleet] = await service.listFleets('sim', 'cn-hangzhou');
    await Promise.all([
      service.listClusters('sim', 'cn-hangzhou'),
      service.listFleets('sim', 'cn-hangzhou'),
      service.getFleet('sim', 'cn-hangzhou', fleet.clusterId),
      service.listManagedClusters('sim', 'cn-hangzhou', fleet.clusterId),
    ]);
    // the first call took the only token; each next one waits 500 ms more
    expect(sleeps).toEqual([500, 1000, 1500, 2000]);
    expect(Object.values(service.getCallCounts()).reduce((a, b) => a + b)).toBe(
      5,
    );
  });

  it('fails a call that cannot get a request slot before its deadline', async () => {
    const { clock, sleeps } = fakeClock();
    const { service } = newService(
      {
        callTimeoutMs: 1500,
        rateLimit: { requestsPerSecond: 1, burst: 1 },
      },
      clock,
    );
    const results = await Promise.allSettled([
      service.listFleets('sim', 'cn-hangzhou'),
      service.listFleets('sim', 'cn-hangzhou'),
      service.listFleets('sim', 'cn-hangzhou'),
    ]);
    expect(results.map(r => r.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'rejected',
    ]);
    expect((results[2] as PromiseRejectedResult).reason).toMatchObject({
      code: 'RateLimited',
      call: 'DescribeHubClusters',
    });
    expect(sleeps).toEqual([1000]);
    expect(service.getCallCounts().DescribeHubClusters).toBe(2);
  });

  it('takes a token for every attempt and waits for the Retry-After of a throttled call', async () => {
    const { clock, sleeps } = fakeClock();
    const { service } = newService(
      { rateLimit: { requestsPerSecond: 1, burst: 1 } },
      clock,
    );
    sim.cloud.faults.throttleNext(1, { retryAfterMs: 3000 });
    await expect(
      service.listFleets('sim', 'cn-hangzhou'),
    ).resolves.toHaveLength(1);
    // the backoff honours the 3000 ms; the retry then waits for its token
    expect(sleeps).toEqual([3000, 1000]);
    expect(service.getCallCounts().DescribeHubClusters).toBe(2);
  });

  it('fetches a new kubeconfig after it is invalidated', async () => {
    const { service } = newService();
    const [idc] = (await service.listClusters('sim', 'cn-hangzhou')).filter(
      c => c.clusterType === 'ExternalKubernetes',
    );
    const ref = {
      kind: 'cluster' as const,
      account: 'sim',
      region: 'cn-hangzhou',
      clusterId: idc.clusterId,
      clusterType: idc.clusterType,
    };
    const first = await getKubeconfigFor(service, ref);
    await expect(getKubeconfigFor(service, ref)).resolves.toBe(first);
    expect(service.getCallCounts().DescribeClusterUserKubeconfig).toBe(1);

    service.invalidateKubeconfig(ref);
    const second = await getKubeconfigFor(service, ref);
    expect(second).not.toBe(first);
    expect(second.connection.token).not.toBe(first.connection.token);
    expect(service.getCallCounts().DescribeClusterUserKubeconfig).toBe(2);

    // the cluster left the inventory: its kubeconfig is dropped too
    service.retainKubeconfigs([], { account: 'sim', kind: 'cluster' });
    await getKubeconfigFor(service, ref);
    expect(service.getCallCounts().DescribeClusterUserKubeconfig).toBe(3);
  });

  it('keeps a still-valid kubeconfig when its refresh fails', async () => {
    const { clock, setNow } = fakeClock();
    const { service, logger } = newService({ maxAttempts: 2 }, clock);
    const [idc] = (await service.listClusters('sim', 'cn-hangzhou')).filter(
      c => c.clusterType === 'ExternalKubernetes',
    );
    const first = await service.getClusterKubeconfig('sim', 'cn-hangzhou', idc);
    const expires = first.expiration!.getTime();

    // past the refresh time, the cloud fails
    setNow(expires - 4 * 60_000);
    sim.cloud.faults.failNext(2, { status: 503, code: 'ServiceUnavailable' });
    await expect(
      service.getClusterKubeconfig('sim', 'cn-hangzhou', idc),
    ).resolves.toBe(first);
    expect(service.getCallCounts().DescribeClusterUserKubeconfig).toBe(3);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        new RegExp(
          `refreshing the kubeconfig of cluster ${idc.clusterId} \\(account sim, region cn-hangzhou\\) failed; using the cached one.*ServiceUnavailable`,
        ),
      ),
    );
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(
      first.connection.token!,
    );

    // once it has expired, nothing valid is left: the failure is reported
    setNow(expires);
    sim.cloud.faults.failNext(2, { status: 503, code: 'ServiceUnavailable' });
    await expect(
      service.getClusterKubeconfig('sim', 'cn-hangzhou', idc),
    ).rejects.toMatchObject({ code: 'ServiceUnavailable' });
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
