/**
 * Backend of the ACK One plugins: cluster health, DR status, the DR
 * overview and failover runs, at `/api/ack-one`.
 *
 * @packageDocumentation
 */
export { ackOnePlugin as default } from './plugin';
