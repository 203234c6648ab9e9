/**
 * Test utilities of the ACK One node library: a mock of the ACK One
 * service and the account config of a local simulator.
 *
 * @packageDocumentation
 */
export { ackOneServiceMock } from './ackOneServiceMock';
export type { AckOneServiceMockOptions } from './ackOneServiceMock';
export { simulatorAccountConfig } from './simulatorAccountConfig';
export type {
  AckOneSimulatorAccess,
  SimulatorAccountConfig,
  SimulatorAccountOptions,
} from './simulatorAccountConfig';
