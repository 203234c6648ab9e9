import { mockServices } from '@backstage/backend-test-utils';
import {
  DefaultAckOneInventory,
  type AckOneCluster,
  type AckOneKubeconfig,
  type AckOneService,
} from '@internal/plugin-ack-one-node';
import {
  AckOneClusterSupplier,
  AckOneClusterSupplierOptions,
} from './AckOneClusterSupplier';

function cluster(extra: Partial<AckOneCluster>): AckOneCluster {
  return {
    account: 'prod',
    clusterId: 'c1',
    name: 'idc-k8s',
    clusterType: 'ExternalKubernetes',
    regionId: 'cn-hangzhou',
    state: 'running',
    apiServerEndpoints: {},
    tags: [],
    ...extra,
  };
}

function kubeconfig(server: string): AckOneKubeconfig {
  return {
    config: 'secret kubeconfig text',
    connection: { server, caData: 'LS0tCA==', token: 'very-secret-token' },
  };
}

const FLEET = {
  account: 'prod',
  regionId: 'cn-hangzhou',
  clusterId: 'cFLEET',
  name: 'ackone-fleet',
  state: 'running',
  vSwitches: [],
  tags: [],
};

function fakeService(accounts = [{ id: 'prod', regions: ['cn-hangzhou'] }]) {
  const clusters = new Map<string, AckOneCluster[]>();
  const failing = new Set<string>();
  const service = {
    listAccounts: () =>
      accounts.map(a => ({ ...a, namespaceScope: 'namespace-label' })),
    getFleet: jest.fn(async () => ({ ...FLEET, gitOpsEnabled: false })),
    listManagedClusters: jest.fn(async () => []),
    listFleetGateways: jest.fn(async () => []),
    listClusters: jest.fn(async (account: string, region: string) => {
      if (failing.has(account))
        throw new Error(
          `DescribeClustersV1 failed for ${account}/${region}: ServiceUnavailable`,
        );
      return clusters.get(account) ?? [];
    }),
    listFleets: jest.fn(async () => [FLEET]),
    getClusterKubeconfig: jest.fn(
      async (_a: string, _r: string, c: { clusterId: string }) => {
        if (c.clusterId === 'cbroken') throw new Error('no kubeconfig');
        return kubeconfig(`https://10.0.0.${c.clusterId.length}:6443`);
      },
    ),
    getFleetKubeconfig: jest.fn(async () =>
      kubeconfig('https://10.1.0.1:6443'),
    ),
    retainKubeconfigs: jest.fn(),
  };
  return {
    service: service as unknown as AckOneService,
    raw: service,
    clusters,
    failing,
  };
}

/** A supplier reading the inventory of `ackOne`. */
function supplierOf(
  options: Omit<AckOneClusterSupplierOptions, 'inventory'>,
): AckOneClusterSupplier {
  const inventory = new DefaultAckOneInventory({
    ackOne: options.ackOne,
    logger: mockServices.logger.mock(),
  });
  return new AckOneClusterSupplier({ ...options, inventory });
}

describe('AckOneClusterSupplier', () => {
  it('supplies running clusters with their private endpoint, CA and ids, never the token', async () => {
    const { service, clusters, raw } = fakeService();
    clusters.set('prod', [
      cluster({}),
      cluster({
        clusterId: 'c22',
        name: 'ack-hangzhou',
        clusterType: 'ManagedKubernetes',
      }),
      cluster({ clusterId: 'c333', name: 'waiting-one', state: 'waiting' }),
      cluster({ clusterId: 'cABC', name: 'Not_A_Valid_Name!' }),
    ]);
    const logger = mockServices.logger.mock();
    const supplier = supplierOf({
      ackOne: service,
      logger,
      config: { includeFleets: false, skipMetricsLookup: false },
    });
    const list = await supplier.getClusters();
    expect(list).toEqual([
      {
        name: 'idc-k8s',
        title: 'idc-k8s',
        url: 'https://10.0.0.2:6443',
        caData: 'LS0tCA==',
        authMetadata: {
          'kubernetes.io/auth-provider': 'ackOne',
          'ack-one/kind': 'cluster',
          'ack-one/account': 'prod',
          'ack-one/region': 'cn-hangzhou',
          'ack-one/cluster-id': 'c1',
          'ack-one/cluster-type': 'ExternalKubernetes',
        },
      },
      expect.objectContaining({
        name: 'ack-hangzhou',
        url: 'https://10.0.0.3:6443',
      }),
      // an invalid name falls back to the lower-cased id, like the catalog
      expect.objectContaining({ name: 'cabc' }),
    ]);
    expect(JSON.stringify(list)).not.toContain('very-secret-token');
    expect(raw.getClusterKubeconfig).toHaveBeenCalledWith(
      'prod',
      'cn-hangzhou',
      { clusterId: 'c1', clusterType: 'ExternalKubernetes' },
    );
    // served from the cache until the next refresh
    await supplier.getClusters();
    expect(raw.listClusters).toHaveBeenCalledTimes(1);
  });

  it('adds running Fleets when asked', async () => {
    const { service, clusters } = fakeService();
    clusters.set('prod', [cluster({})]);
    const supplier = supplierOf({
      ackOne: service,
      logger: mockServices.logger.mock(),
      config: { includeFleets: true, skipMetricsLookup: true },
    });
    const list = await supplier.getClusters();
    expect(
      list.map(c => [
        c.name,
        c.authMetadata['ack-one/kind'],
        c.skipMetricsLookup,
      ]),
    ).toEqual([
      ['ackone-fleet', 'fleet', true],
      ['idc-k8s', 'cluster', true],
    ]);
  });

  it('keeps the last known clusters of a failing account, logs once, and recovers', async () => {
    const { service, clusters, failing } = fakeService([
      { id: 'prod', regions: ['cn-hangzhou'] },
      { id: 'dr', regions: ['cn-hangzhou'] },
    ]);
    clusters.set('prod', [cluster({})]);
    clusters.set('dr', [
      cluster({ account: 'dr', clusterId: 'c22', name: 'ack-hangzhou' }),
    ]);
    const logger = mockServices.logger.mock();
    const supplier = supplierOf({
      ackOne: service,
      logger,
      config: { includeFleets: false, skipMetricsLookup: false },
    });
    expect((await supplier.getClusters()).map(c => c.name)).toEqual([
      'idc-k8s',
      'ack-hangzhou',
    ]);

    failing.add('prod');
    clusters.set('dr', []);
    const r1 = await supplier.refresh();
    const r2 = await supplier.refresh();
    expect(r1).toEqual({
      clusters: 1,
      succeeded: ['dr/cn-hangzhou'],
      failed: ['prod/cn-hangzhou'],
    });
    expect(r2.failed).toEqual(['prod/cn-hangzhou']);
    // prod keeps its cluster, dr's removal is applied
    expect((await supplier.getClusters()).map(c => c.name)).toEqual([
      'idc-k8s',
    ]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /ACK One prod\/cn-hangzhou failed, keeping the 1 last known/,
      ),
    );

    failing.delete('prod');
    await supplier.refresh();
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/prod\/cn-hangzhou can be read again/),
    );
  });

  it('keeps the last known address of a cluster whose kubeconfig fails, and skips a new one', async () => {
    const { service, clusters, raw } = fakeService();
    clusters.set('prod', [
      cluster({}),
      cluster({ clusterId: 'cbroken', name: 'broken' }),
    ]);
    const logger = mockServices.logger.mock();
    const supplier = supplierOf({
      ackOne: service,
      logger,
      config: { includeFleets: false, skipMetricsLookup: false },
    });
    expect((await supplier.getClusters()).map(c => c.name)).toEqual([
      'idc-k8s',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /no kubeconfig for ACK One cluster cbroken \(broken\); not supplied yet/,
      ),
    );

    raw.getClusterKubeconfig.mockRejectedValueOnce(new Error('cloud down'));
    await supplier.refresh();
    expect((await supplier.getClusters()).map(c => c.name)).toEqual([
      'idc-k8s',
    ]);
  });

  it('reports the supplied clusters after each refresh, and prunes the kubeconfigs of clusters that left', async () => {
    const { service, clusters, failing, raw } = fakeService([
      { id: 'prod', regions: ['cn-hangzhou'] },
      { id: 'dr', regions: ['cn-hangzhou'] },
    ]);
    clusters.set('prod', [
      cluster({}),
      cluster({ clusterId: 'c22', name: 'ack-hangzhou', state: 'failed' }),
    ]);
    clusters.set('dr', [
      cluster({ account: 'dr', clusterId: 'c33', name: 'dr-one' }),
    ]);
    const onRefreshed = jest.fn();
    const supplier = supplierOf({
      ackOne: service,
      logger: mockServices.logger.mock(),
      config: { includeFleets: false, skipMetricsLookup: false },
      onRefreshed,
    });
    await supplier.refresh();
    const ids = () =>
      onRefreshed.mock.calls
        .at(-1)[0]
        .map(
          (r: { account: string; clusterId: string }) =>
            `${r.account}/${r.clusterId}`,
        );
    expect(ids()).toEqual(['prod/c1', 'dr/c33']);
    expect(onRefreshed.mock.calls[0][0][0]).toEqual({
      kind: 'cluster',
      account: 'prod',
      region: 'cn-hangzhou',
      clusterId: 'c1',
      clusterType: 'ExternalKubernetes',
    });
    // every listed cluster keeps its cached kubeconfig, whatever its state
    // (the inventory prunes them)
    expect(raw.retainKubeconfigs).toHaveBeenCalledWith(
      [
        expect.objectContaining({ kind: 'cluster', clusterId: 'c1' }),
        expect.objectContaining({ kind: 'cluster', clusterId: 'c22' }),
        expect.objectContaining({ kind: 'fleet', clusterId: 'cFLEET' }),
      ],
      { account: 'prod', region: 'cn-hangzhou' },
    );

    // c33 left; prod cannot be read, so its clusters are kept as they were
    clusters.set('dr', []);
    failing.add('prod');
    raw.retainKubeconfigs.mockClear();
    await supplier.refresh();
    expect(ids()).toEqual(['prod/c1']);
    expect(raw.retainKubeconfigs).toHaveBeenCalledTimes(1);
    expect(raw.retainKubeconfigs).toHaveBeenCalledWith(
      [expect.objectContaining({ kind: 'fleet', clusterId: 'cFLEET' })],
      { account: 'dr', region: 'cn-hangzhou' },
    );
  });

  it('rejects an account filter naming an unknown account', () => {
    const { service } = fakeService();
    expect(() =>
      supplierOf({
        ackOne: service,
        logger: mockServices.logger.mock(),
        config: {
          accounts: ['nope'],
          includeFleets: false,
          skipMetricsLookup: false,
        },
      }),
    ).toThrow(/kubernetes.ackOne.accounts: nope not in ackOne.accounts/);
  });

  it('supplies only the first of two clusters with the same name', async () => {
    const { service, clusters } = fakeService();
    clusters.set('prod', [cluster({}), cluster({ clusterId: 'c22' })]);
    const logger = mockServices.logger.mock();
    const supplier = supplierOf({
      ackOne: service,
      logger,
      config: { includeFleets: false, skipMetricsLookup: false },
    });
    const list = await supplier.getClusters();
    expect(list.map(c => c.authMetadata['ack-one/cluster-id'])).toEqual(['c1']);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/two ACK One clusters are named "idc-k8s"/),
    );
  });
});
