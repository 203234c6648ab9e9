export * from './gateway';
export * from './catalog';
export * from './dr';
export * from './permissions';
export * from './failover';
export * from './network';
export * from './health';
