import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { readAckOneAccounts } from './config';
import { DefaultAckOneService } from './DefaultAckOneService';
import { AckOneService } from './types';

/**
 * The ACK One service: read access to Fleets, clusters, gateways and
 * kubeconfigs of the accounts in `ackOne.accounts`. Root-scoped, so every
 * plugin shares one set of clients, kubeconfig cache and call counters.
 *
 * @public
 */
export const ackOneServiceRef = createServiceRef<AckOneService>({
  id: 'ack-one.service',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.rootLogger,
      },
      factory({ config, logger }) {
        return new DefaultAckOneService({
          accounts: readAckOneAccounts(config),
          logger: logger.child({ service: 'ack-one' }),
        });
      },
    }),
});
