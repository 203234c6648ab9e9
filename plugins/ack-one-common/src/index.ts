/**
 * Isomorphic library of the ACK One DR plugins: catalog vocabulary, the wire
 * types of the ack-one backend, the pure DR and failover rules behind them,
 * gateway routing rules, permissions and network helpers.
 *
 * @packageDocumentation
 */
export * from './gateway';
export * from './catalog';
export * from './dr';
export * from './permissions';
export * from './failover';
export * from './network';
export * from './health';
