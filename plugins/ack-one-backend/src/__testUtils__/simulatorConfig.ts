import { mockServices } from '@backstage/backend-test-utils';
import type { Simulator } from '@internal/ack-one-simulator';

/** Root config with one ACK One account pointed at a running simulator. */
export function simulatorConfig(
  sim: Simulator,
  drStatus?: Record<string, number>,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  failover?: Record<string, any>,
) {
  return mockServices.rootConfig.factory({
    data: {
      ackOne: {
        accounts: [
          {
            id: 'sim',
            regions: ['cn-hangzhou'],
            endpoint: new URL(sim.endpoints.openApi).host,
            protocol: 'http',
            maxAttempts: 1,
            credentials: { type: 'access_key', ...sim.accessKey },
          },
        ],
        ...(drStatus ? { drStatus } : {}),
        ...(failover ? { failover } : {}),
      },
    },
  });
}
