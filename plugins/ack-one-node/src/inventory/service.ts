import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { ackOneServiceRef } from '../service';
import { DefaultAckOneInventory } from './DefaultAckOneInventory';
import type { AckOneInventory } from './types';

/** `ackOne.drStatus.discoveryIntervalSeconds` (default 60), in ms. */
export function readInventoryRefreshMs(config: Config): number {
  const key = 'ackOne.drStatus.discoveryIntervalSeconds';
  const seconds = config.getOptionalNumber(key) ?? 60;
  if (!(seconds > 0))
    throw new Error(
      `${key} must be a positive number of seconds, not ${seconds}`,
    );
  return seconds * 1000;
}

/**
 * The one ACK One inventory every backend plugin and module reads Fleets,
 * members, clusters and gateways from. Root-scoped: one schedule of cloud
 * reads for the whole backend, stopped at shutdown.
 *
 * @public
 */
export const ackOneInventoryServiceRef = createServiceRef<AckOneInventory>({
  id: 'ack-one.inventory',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
        lifecycle: coreServices.rootLifecycle,
        ackOne: ackOneServiceRef,
      },
      factory({ config, logger, lifecycle, ackOne }) {
        const inventory = new DefaultAckOneInventory({
          ackOne,
          logger: logger.child({ service: 'ack-one-inventory' }),
          refreshMs: readInventoryRefreshMs(config),
          // no cloud call until a plugin reads it
          startOnFirstUse: true,
        });
        lifecycle.addShutdownHook(() => inventory.stop());
        return inventory;
      },
    }),
});
