export { ackOneApiRef } from './AckOneApi';
export type {
  AckOneApi,
  ClusterHealth,
  FailoverListOptions,
} from './AckOneApi';
export { AckOneClient } from './AckOneClient';
