import { mockServices } from '@backstage/backend-test-utils';
import type { Simulator } from '@internal/ack-one-simulator';
import { simulatorAccountConfig } from '@internal/plugin-ack-one-node/testUtils';

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
        accounts: [simulatorAccountConfig(sim, { maxAttempts: 1 })],
        ...(drStatus ? { drStatus } : {}),
        ...(failover ? { failover } : {}),
      },
    },
  });
}
