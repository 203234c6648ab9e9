/**
 * The ACK One simulator as a backend plugin: embedded in a Backstage backend
 * when `ackOne.simulator.enabled` is true.
 *
 * @packageDocumentation
 */
export { ackOneSimulatorPlugin as default } from './plugin';
