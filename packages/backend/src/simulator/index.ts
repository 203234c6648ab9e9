export { ackOneSimulatorPlugin as default } from './plugin';
