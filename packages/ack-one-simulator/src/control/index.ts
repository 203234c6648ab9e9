export { ControlServer } from './ControlServer';
export type { ControlServerOptions } from './ControlServer';
export { Faults } from './faults';
export {
  ControlError,
  createControlToken,
  MAX_CONTROL_BODY_BYTES,
} from './guard';
