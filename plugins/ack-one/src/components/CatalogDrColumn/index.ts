export { createDrStateColumn } from './createDrStateColumn';
export type { DrStateColumnOptions } from './createDrStateColumn';
