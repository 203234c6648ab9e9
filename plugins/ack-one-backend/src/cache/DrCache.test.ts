import { mockServices } from '@backstage/backend-test-utils';
import {
  DefaultAckOneInventory,
  type AckOneClusterRef,
  type AckOneService,
} from '@internal/plugin-ack-one-node';
import { DrCache } from './DrCache';
import { kubeConfigFor } from './__testUtils__/fakeApiServer';

/** ACK One with one Fleet (while `members` is not undefined); API servers are unreachable. */
function fakeAckOne(members: () => string[] | undefined) {
  const invalidated: AckOneClusterRef[] = [];
  const kubeconfig = async () => ({
    config: '',
    connection: { server: 'http://127.0.0.1:9' },
  });
  const ackOne: Partial<AckOneService> = {
    listAccounts: () => [
      { id: 'a', regions: ['cn-hangzhou'], namespaceScope: 'namespace-label' },
    ],
    listFleets: async () =>
      members() === undefined
        ? []
        : [
            {
              account: 'a',
              regionId: 'cn-hangzhou',
              clusterId: 'fleet-1',
              name: 'fleet',
              state: 'running',
              vSwitches: [],
              tags: [],
            },
          ],
    getFleet: async () => ({
      account: 'a',
      regionId: 'cn-hangzhou',
      clusterId: 'fleet-1',
      name: 'fleet',
      state: 'running',
      vSwitches: [],
      tags: [],
    }),
    listFleetGateways: async () => [],
    retainKubeconfigs: () => {},
    listClusters: async () => [],
    listManagedClusters: async () =>
      (members() ?? []).map(clusterId => ({ clusterId, name: clusterId })),
    getClusterKubeconfig: kubeconfig,
    getFleetKubeconfig: kubeconfig,
    toKubeConfig: () => kubeConfigFor('http://127.0.0.1:9'),
    invalidateKubeconfig: ref => {
      invalidated.push(ref);
    },
  };
  return { ackOne: ackOne as AckOneService, invalidated };
}

describe('DrCache', () => {
  it('drops the cached kubeconfigs of member clusters and Fleets that leave the inventory', async () => {
    let members: string[] | undefined = ['c-idc', 'c-ack'];
    const { ackOne, invalidated } = fakeAckOne(() => members);
    const inventory = new DefaultAckOneInventory({
      ackOne,
      logger: mockServices.logger.mock(),
    });
    const cache = new DrCache({
      ackOne,
      inventory,
      logger: mockServices.logger.mock(),
      liveness: { intervalMs: 600_000, timeoutMs: 100 },
    });
    try {
      await cache.discover();
      expect(Object.keys(cache.sizes()).sort()).toEqual(['c-ack', 'c-idc']);
      expect(invalidated).toEqual([]);
      members = ['c-idc'];
      await cache.discover();
      expect(Object.keys(cache.sizes())).toEqual(['c-idc']);
      expect(invalidated).toEqual([
        {
          kind: 'cluster',
          account: 'a',
          region: 'cn-hangzhou',
          clusterId: 'c-ack',
          clusterType: undefined,
        },
      ]);
      members = undefined;
      await cache.discover();
      expect(cache.sizes()).toEqual({});
      expect(invalidated.slice(1).map(r => `${r.kind}/${r.clusterId}`)).toEqual(
        ['cluster/c-idc', 'fleet/fleet-1'],
      );
    } finally {
      cache.stop();
    }
  });

  it('watches a new member as soon as the inventory reads it, and no member leaving its Fleet', async () => {
    let members = ['c-idc'];
    const { ackOne } = fakeAckOne(() => members);
    const listManagedClusters = ackOne.listManagedClusters;
    ackOne.listManagedClusters = async (...args) => [
      ...(await listManagedClusters(...args)),
      { clusterId: 'c-old', name: 'c-old', memberState: 'Deleting' },
    ];
    const inventory = new DefaultAckOneInventory({
      ackOne,
      logger: mockServices.logger.mock(),
    });
    const cache = new DrCache({
      ackOne,
      inventory,
      logger: mockServices.logger.mock(),
      liveness: { intervalMs: 600_000, timeoutMs: 100 },
    });
    try {
      cache.start();
      await cache.ready();
      expect(Object.keys(cache.sizes())).toEqual(['c-idc']);
      members = ['c-idc', 'c-ack'];
      await inventory.refresh();
      expect(Object.keys(cache.sizes()).sort()).toEqual(['c-ack', 'c-idc']);
    } finally {
      cache.stop();
    }
  });

  it('follows the inventory: a region that failed is read again soon, and its Fleet watched at once', async () => {
    const { ackOne } = fakeAckOne(() => ['c-idc']);
    const listFleets = ackOne.listFleets;
    let calls = 0;
    ackOne.listFleets = async (account, region) => {
      calls++;
      if (calls === 1) throw new Error('ACK One did not answer');
      return listFleets(account, region);
    };
    const inventory = new DefaultAckOneInventory({
      ackOne,
      logger: mockServices.logger.mock(),
      refreshMs: 600_000,
    });
    const cache = new DrCache({
      ackOne,
      inventory,
      logger: mockServices.logger.mock(),
      liveness: { intervalMs: 600_000, timeoutMs: 100 },
    });
    try {
      inventory.start();
      cache.start();
      await cache.ready();
      expect(cache.sizes()).toEqual({});
      // the second read comes after about a second, far before the refresh
      for (let i = 0; i < 60 && !('c-idc' in cache.sizes()); i++)
        await new Promise(r => setTimeout(r, 50));
      expect(calls).toBe(2);
      expect(Object.keys(cache.sizes())).toEqual(['c-idc']);
    } finally {
      inventory.stop();
      cache.stop();
    }
  });
});
