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
      /**
       * How long one page of a list request to a watched API server may
       * take, in seconds (default 30); the request is then abandoned and
       * retried with backoff.
       */
      requestTimeoutSeconds?: number;
      /**
       * How long a watched API server may take to accept a watch (answer
       * with its headers), in seconds (default 15). An accepted watch is
       * then kept open by the server's own timeout and checked by the
       * liveness probe.
       */
      watchOpenTimeoutSeconds?: number;
    };
  };
}
