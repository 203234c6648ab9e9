export { ackOneApiRef } from './AckOneApi';
export type { AckOneApi, ClusterHealth } from './AckOneApi';
export { AckOneClient } from './AckOneClient';
