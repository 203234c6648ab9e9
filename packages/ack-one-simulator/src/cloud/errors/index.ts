// The error constructors of the simulated APIs, one file per product. The
// helpers `err` and `notFound` in `common.ts` stay internal to this folder.
export type { ErrorStyle } from './common';
export {
  ApiError,
  missingParameter,
  invalidParameter,
  regionNotFound,
  internalError,
  idempotentParameterMismatch,
  invalidClientToken,
  dryRunPassed,
} from './common';
export * from './vpc';
export * from './cen';
export * from './cs';
export * from './body';
