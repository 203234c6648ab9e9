export * from './types';
export * from './selector';
export * from './annotations';
export * from './parity';
export * from './status';
export * from './scope';
export * from './overview';
