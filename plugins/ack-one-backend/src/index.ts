/**
 * Backend of the ACK One plugins.
 *
 * @packageDocumentation
 */
export { ackOnePlugin as default } from './plugin';
export { ClusterHealthChecker } from './service/ClusterHealth';
export type { ClusterHealth } from './service/ClusterHealth';
