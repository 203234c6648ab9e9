import { mockServices } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import type {
  AckOneClusterRef,
  AckOneInventory,
  AckOneService,
} from '@internal/plugin-ack-one-node';
import { kubeConfigFor } from '../cache/__testUtils__/fakeApiServer';
import { ClusterHealthChecker } from './ClusterHealth';

const REF: AckOneClusterRef = {
  kind: 'cluster',
  account: 'a',
  region: 'cn-hangzhou',
  clusterId: 'c-idc',
};

function checker(watched?: {
  reachable: boolean;
  lastSyncAt?: Date;
  message?: string;
}) {
  const ackOne = {
    getClusterKubeconfig: jest.fn(async () => ({
      config: '',
      connection: { server: 'http://127.0.0.1:9' },
    })),
    toKubeConfig: () => kubeConfigFor('http://127.0.0.1:9'),
  };
  const inventory = {
    findRef: async (id: string) => (id === REF.clusterId ? REF : undefined),
  };
  const liveness = jest.fn(() => watched);
  return {
    ackOne,
    liveness,
    health: new ClusterHealthChecker({
      ackOne: ackOne as unknown as AckOneService,
      inventory: inventory as unknown as AckOneInventory,
      watched: { liveness },
      logger: mockServices.logger.mock(),
      timeoutMs: 1_000,
    }),
  };
}

describe('ClusterHealthChecker', () => {
  it('answers from the DR cache for a cluster it watches, without a probe', async () => {
    const lastSyncAt = new Date('2026-01-01T00:00:00Z');
    const { health, ackOne } = checker({
      reachable: false,
      lastSyncAt,
      message: 'connection refused',
    });
    expect(await health.check('c-idc')).toEqual({
      clusterId: 'c-idc',
      reachable: false,
      checkedAt: expect.any(String),
      lastSyncAt: lastSyncAt.toISOString(),
      message: 'connection refused',
    });
    expect(ackOne.getClusterKubeconfig).not.toHaveBeenCalled();
  });

  it('probes a cluster the DR cache does not watch, and says why it is down in plain words', async () => {
    const { health, ackOne, liveness } = checker(undefined);
    const res = await health.check('c-idc');
    expect(liveness).toHaveBeenCalledWith('c-idc');
    expect(ackOne.getClusterKubeconfig).toHaveBeenCalledTimes(1);
    expect(res).toMatchObject({
      reachable: false,
      message: 'connection refused',
    });
    expect(JSON.stringify(res)).not.toContain('127.0.0.1');
  });

  it('answers not found for a cluster the inventory does not have', async () => {
    const { health } = checker(undefined);
    await expect(health.check('c-none')).rejects.toThrow(NotFoundError);
  });
});
