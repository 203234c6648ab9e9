import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  ackOneInventoryServiceRef,
  ackOneServiceRef,
} from '@internal/plugin-ack-one-node';
import { AckOneRelationsProcessor } from './processor/AckOneRelationsProcessor';
import { AckOneEntityProvider } from './provider/AckOneEntityProvider';

/**
 * Catalog module: one entity provider per `catalog.providers.ackOne.<id>`,
 * emitting ACK One Fleets, member clusters and multi-cluster gateways.
 * Without that config it logs once and emits nothing. With ACK One
 * accounts it also relates services to the clusters and gateways of their
 * Fleet (`AckOneRelationsProcessor`).
 *
 * @public
 */
export const catalogModuleAckOneEntityProvider = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'ack-one-entity-provider',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        catalog: catalogProcessingExtensionPoint,
        ackOne: ackOneServiceRef,
        inventory: ackOneInventoryServiceRef,
      },
      async init({ config, logger, scheduler, catalog, ackOne, inventory }) {
        const providers = AckOneEntityProvider.fromConfig(config, {
          logger,
          scheduler,
          ackOne,
          inventory,
        });
        if (ackOne.listAccounts().length) {
          catalog.addProcessor(
            new AckOneRelationsProcessor({ inventory, logger }),
          );
        }
        if (!providers.length) {
          logger.info(
            'No catalog.providers.ackOne configured; the ACK One entity provider is idle',
          );
          return;
        }
        catalog.addEntityProvider(providers);
      },
    });
  },
});
