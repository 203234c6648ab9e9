export interface Config {
  ackOne?: {
    drStatus?: {
      /**
       * How often the DR status cache re-reads Fleets and their member
       * clusters from ACK One, in seconds (default 60). Workloads and
       * gateway Ingresses are watched continuously.
       */
      discoveryIntervalSeconds?: number;
      /**
       * How often each watched API server is probed (GET /version), in
       * seconds (default 10). A watch over a line cut without a reset can
       * hang silently; a failed probe marks the cluster unreachable and
       * re-establishes its watches.
       */
      probeIntervalSeconds?: number;
      /** How long a probe may take, in seconds (default 5). */
      probeTimeoutSeconds?: number;
    };
  };
}
