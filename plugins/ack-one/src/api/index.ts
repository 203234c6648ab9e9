export { ackOneApiRef } from './AckOneApi';
export type {
  AckOneApi,
  ClusterHealth,
  DrOverviewQuery,
  FailoverListOptions,
} from './AckOneApi';
export { AckOneClient } from './AckOneClient';
