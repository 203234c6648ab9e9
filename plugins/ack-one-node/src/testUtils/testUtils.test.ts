import {
  createBackendPlugin,
  coreServices,
} from '@backstage/backend-plugin-api';
import { startTestBackend } from '@backstage/backend-test-utils';
import { AckOneApiError } from '../errors';
import { ackOneServiceRef } from '../service';
import type { AckOneFleetDetails, AckOneService } from '../types';
import { ackOneServiceMock, simulatorAccountConfig } from '.';

const fleet = (account: string, regionId: string, clusterId: string) =>
  ({
    account,
    regionId,
    clusterId,
    name: clusterId,
    state: 'running',
    vSwitches: [],
    tags: [],
  } as AckOneFleetDetails);

describe('ackOneServiceMock', () => {
  const options = {
    accounts: [
      {
        id: 'prod',
        regions: ['cn-hangzhou'],
        namespaceScope: 'namespace-label' as const,
      },
    ],
    fleets: [
      fleet('prod', 'cn-hangzhou', 'f1'),
      fleet('prod', 'cn-beijing', 'f2'),
    ],
    managedClusters: { f1: [{ clusterId: 'c1', name: 'idc' }] },
  };

  it('answers from the given cloud, filtered by account and region', async () => {
    const ackOne = ackOneServiceMock(options);
    expect(ackOne.listAccounts()).toEqual(options.accounts);
    const fleets = await ackOne.listFleets('prod', 'cn-hangzhou');
    expect(fleets.map(f => f.clusterId)).toEqual(['f1']);
    await expect(ackOne.getFleet('prod', 'cn-beijing', 'f2')).resolves.toEqual(
      options.fleets[1],
    );
    await expect(
      ackOne.listManagedClusters('prod', 'cn-hangzhou', 'f1'),
    ).resolves.toEqual([{ clusterId: 'c1', name: 'idc' }]);
    await expect(ackOne.listClusters('prod', 'cn-hangzhou')).resolves.toEqual(
      [],
    );
  });

  it('fails like the cloud for an unknown Fleet or kubeconfig', async () => {
    const ackOne = ackOneServiceMock(options);
    const missing = ackOne.getFleet('prod', 'cn-hangzhou', 'nope');
    await expect(missing).rejects.toBeInstanceOf(AckOneApiError);
    await expect(missing).rejects.toMatchObject({ status: 404 });
    await expect(
      ackOne.getFleetKubeconfig('prod', 'cn-hangzhou', 'f1'),
    ).rejects.toMatchObject({ code: 'NotFound' });
  });

  it('is installed for ackOneServiceRef by its factory', async () => {
    let seen: AckOneService | undefined;
    await startTestBackend({
      features: [
        ackOneServiceMock.factory(options),
        createBackendPlugin({
          pluginId: 'probe',
          register(env) {
            env.registerInit({
              deps: { ackOne: ackOneServiceRef, logger: coreServices.logger },
              async init({ ackOne }) {
                seen = ackOne;
              },
            });
          },
        }),
      ],
    });
    expect(seen?.listAccounts()).toEqual(options.accounts);
  });

  it('mocks every method with jest functions, some given', async () => {
    const mock = ackOneServiceMock.mock({
      listAccounts: () => options.accounts,
    });
    mock.listFleets.mockResolvedValue([]);
    expect(mock.listAccounts()).toEqual(options.accounts);
    await expect(mock.listFleets('prod', 'cn-hangzhou')).resolves.toEqual([]);
    expect(mock.listFleets).toHaveBeenCalledWith('prod', 'cn-hangzhou');
  });
});

describe('simulatorAccountConfig', () => {
  const sim = {
    endpoints: { openApi: 'http://127.0.0.1:4010' },
    accessKey: { accessKeyId: 'id', accessKeySecret: 'secret' },
  };

  it('points an account at the simulator over http', () => {
    expect(simulatorAccountConfig(sim)).toEqual({
      id: 'sim',
      regions: ['cn-hangzhou'],
      endpoint: '127.0.0.1:4010',
      protocol: 'http',
      credentials: {
        type: 'access_key',
        accessKeyId: 'id',
        accessKeySecret: 'secret',
      },
    });
  });

  it('takes overrides', () => {
    expect(
      simulatorAccountConfig(sim, { maxAttempts: 1, regions: ['cn-beijing'] }),
    ).toMatchObject({ maxAttempts: 1, regions: ['cn-beijing'] });
  });
});
