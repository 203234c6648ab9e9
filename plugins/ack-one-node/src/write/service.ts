import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { ackOneServiceRef } from '../service';
import {
  AckOneWriteService,
  createAckOneWriteService,
} from './AckOneWriteService';

/**
 * The ACK One write service, built on the shared `ackOneServiceRef` (same
 * clients, rate limits, kubeconfig cache and call counters). Root-scoped.
 *
 * @public
 */
export const ackOneWriteServiceRef = createServiceRef<AckOneWriteService>({
  id: 'ack-one.write-service',
  scope: 'root',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: { ackOne: ackOneServiceRef },
      factory({ ackOne }) {
        return createAckOneWriteService(ackOne);
      },
    }),
});
