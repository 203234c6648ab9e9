import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogModuleAckOneEntityProvider } from './module';
import { AckOneEntityProvider } from './provider/AckOneEntityProvider';

describe('catalogModuleAckOneEntityProvider', () => {
  const ackOne = {
    accounts: [
      {
        id: 'prod',
        regions: ['cn-hangzhou', 'cn-shanghai'],
        credentials: {
          type: 'access_key',
          accessKeyId: 'id',
          accessKeySecret: 'secret',
        },
      },
    ],
  };

  it('registers one provider per catalog.providers.ackOne entry, with its schedule', async () => {
    const addEntityProvider = jest.fn();
    const addProcessor = jest.fn();
    const schedules: unknown[] = [];
    await startTestBackend({
      extensionPoints: [
        [catalogProcessingExtensionPoint, { addEntityProvider, addProcessor }],
      ],
      features: [
        catalogModuleAckOneEntityProvider,
        mockServices.rootConfig.factory({
          data: {
            ackOne,
            catalog: {
              providers: {
                ackOne: {
                  hangzhou: {
                    account: 'prod',
                    regions: ['cn-hangzhou'],
                    schedule: {
                      frequency: { minutes: 10 },
                      timeout: { minutes: 2 },
                    },
                  },
                  all: { account: 'prod' },
                },
              },
            },
          },
        }),
        mockServices.scheduler.mock({
          createScheduledTaskRunner(schedule) {
            schedules.push(schedule);
            return { run: jest.fn() };
          },
        }).factory,
      ],
    });
    expect(addEntityProvider).toHaveBeenCalledTimes(1);
    const providers: AckOneEntityProvider[] =
      addEntityProvider.mock.calls[0][0];
    expect(providers.map(p => p.getProviderName())).toEqual([
      'AckOneEntityProvider:hangzhou',
      'AckOneEntityProvider:all',
    ]);
    expect(addProcessor).toHaveBeenCalledWith(
      expect.objectContaining({
        getProcessorName: expect.any(Function),
      }),
    );
    expect(schedules).toEqual([
      { frequency: { minutes: 10 }, timeout: { minutes: 2 } },
      expect.objectContaining({ frequency: { minutes: 30 } }),
    ]);
  });

  it('does nothing, without errors, when no ackOne config exists', async () => {
    const addEntityProvider = jest.fn();
    const logger = mockServices.logger.mock();
    logger.child.mockReturnValue(logger);
    await startTestBackend({
      extensionPoints: [
        [catalogProcessingExtensionPoint, { addEntityProvider }],
      ],
      features: [
        catalogModuleAckOneEntityProvider,
        mockServices.rootConfig.factory({ data: {} }),
        logger.factory,
      ],
    });
    expect(addEntityProvider).not.toHaveBeenCalled();
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(/No catalog.providers.ackOne configured/),
    );
    expect(logger.error).not.toHaveBeenCalled();
  });

  it('fails startup on a provider that names an unknown account', async () => {
    await expect(
      startTestBackend({
        extensionPoints: [
          [
            catalogProcessingExtensionPoint,
            { addEntityProvider: jest.fn(), addProcessor: jest.fn() },
          ],
        ],
        features: [
          catalogModuleAckOneEntityProvider,
          mockServices.rootConfig.factory({
            data: {
              ackOne,
              catalog: { providers: { ackOne: { x: { account: 'nope' } } } },
            },
          }),
        ],
      }),
    ).rejects.toThrow(/account "nope" is not in ackOne.accounts/);
  });
});
