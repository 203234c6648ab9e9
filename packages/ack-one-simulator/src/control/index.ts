export { ControlServer } from './ControlServer';
export type { ControlServerOptions } from './ControlServer';
export { Faults } from './faults';
