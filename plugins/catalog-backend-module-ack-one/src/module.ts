import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { ackOneServiceRef } from '@internal/plugin-ack-one-node';
import { AckOneEntityProvider } from './provider/AckOneEntityProvider';

/**
 * Catalog module: one entity provider per `catalog.providers.ackOne.<id>`,
 * emitting ACK One Fleets, member clusters and multi-cluster gateways.
 * Without that config it logs once and does nothing.
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
      },
      async init({ config, logger, scheduler, catalog, ackOne }) {
        const providers = AckOneEntityProvider.fromConfig(config, {
          logger,
          scheduler,
          ackOne,
        });
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
