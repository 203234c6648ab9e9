import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  DefaultAckOneInventory,
  DefaultAckOneService,
  readAckOneAccounts,
} from '@internal/plugin-ack-one-node';
import { AckOneEntityProvider } from '../AckOneEntityProvider';

/**
 * The provider configured by `config` (its first `catalog.providers.ackOne`
 * entry) over a real ACK One service and inventory, with a scheduler that
 * never runs and a connection that records each mutation's entities.
 * `onMutation` sees every mutation first.
 */
export function providerHarness(
  config: ConfigReader,
  onMutation: (m: EntityProviderMutation) => void = () => {},
) {
  const ackOne = new DefaultAckOneService({
    accounts: readAckOneAccounts(config),
    backoff: { baseDelayMs: 1, maxDelayMs: 5 },
  });
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  const [provider] = AckOneEntityProvider.fromConfig(config, {
    logger,
    scheduler: mockServices.scheduler.mock({
      createScheduledTaskRunner: () => ({ run: jest.fn() }),
    }),
    ackOne,
    inventory: new DefaultAckOneInventory({
      ackOne,
      logger: mockServices.logger.mock(),
    }),
  });
  const mutations: Entity[][] = [];
  const connection: EntityProviderConnection = {
    applyMutation: jest.fn(async m => {
      onMutation(m);
      mutations.push((m as any).entities.map((d: any) => d.entity));
    }),
    refresh: jest.fn(),
  };
  return { provider, connection, mutations, ackOne, logger };
}
