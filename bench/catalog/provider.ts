/*
 * The real AckOneEntityProvider with the real DefaultAckOneService (http,
 * 127.0.0.1, account `sim`) and ACK One inventory, connected to a
 * connection that records the mutations.
 */
import { ConfigReader } from '@backstage/config';
import type { Entity } from '@backstage/catalog-model';
import type { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import type { SchedulerService } from '@backstage/backend-plugin-api';
import type { Simulator } from '@internal/ack-one-simulator';
import { AckOneEntityProvider } from '@internal/plugin-catalog-backend-module-ack-one';
import {
  DefaultAckOneInventory,
  DefaultAckOneService,
  readAckOneAccounts,
} from '@internal/plugin-ack-one-node';
import { simulatorAccount } from '../lib';
import { RATE_LIMIT, REGION } from './config';
import { countingLogger, timedService } from './instruments';

export type Mutation = { type: string; entities: Entity[] };

/** A scheduler whose task never runs: the bench calls `refresh()` itself. */
const manualScheduler = {
  createScheduledTaskRunner: () => ({ run: async () => {} }),
} as unknown as SchedulerService;

export async function connectProvider(sim: Simulator) {
  const config = new ConfigReader({
    ackOne: {
      accounts: [
        {
          ...simulatorAccount(sim, REGION),
          rateLimit: { requestsPerSecond: RATE_LIMIT, burst: RATE_LIMIT },
        },
      ],
    },
    catalog: {
      providers: {
        ackOne: { bench: { account: 'sim', owner: 'group:default/platform' } },
      },
    },
  });
  const service = new DefaultAckOneService({
    accounts: readAckOneAccounts(config),
  });
  const { wrapped, stats } = timedService(service);
  const log = countingLogger();
  // not started: the provider's refresh() reads it
  const inventory = new DefaultAckOneInventory({
    ackOne: wrapped,
    logger: log.logger,
  });
  const [provider] = AckOneEntityProvider.fromConfig(config, {
    logger: log.logger,
    scheduler: manualScheduler,
    ackOne: wrapped,
    inventory,
  });
  const mutations: Mutation[] = [];
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
  return { provider, inventory, service, stats, log, mutations };
}

export type Connected = Awaited<ReturnType<typeof connectProvider>>;
