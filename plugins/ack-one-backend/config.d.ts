export interface Config {
  ackOne?: {
    drStatus?: {
      /**
       * How often the DR status cache re-reads Fleets and their member
       * clusters from ACK One, in seconds (default 60). Workloads and
       * gateway Ingresses are watched continuously.
       */
      discoveryIntervalSeconds?: number;
    };
  };
}
