import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ackOneServiceRef } from '@internal/plugin-ack-one-node';
import { ClusterHealthChecker } from './service/ClusterHealth';
import { createRouter } from './service/router';

/**
 * The ACK One backend plugin (id `ack-one`, served under `/api/ack-one`).
 *
 * @public
 */
export const ackOnePlugin = createBackendPlugin({
  pluginId: 'ack-one',
  register(env) {
    env.registerInit({
      deps: {
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        logger: coreServices.logger,
        ackOne: ackOneServiceRef,
      },
      async init({ httpRouter, httpAuth, logger, ackOne }) {
        const health = new ClusterHealthChecker({ ackOne, logger });
        httpRouter.use(await createRouter({ httpAuth, health }));
      },
    });
  },
});
