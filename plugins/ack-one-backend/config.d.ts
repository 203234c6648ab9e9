export interface Config {
  ackOne?: {
    /**
     * The page of a cluster in the ACK console, linked from the DR tab:
     * `{clusterId}` and `{regionId}` are filled in, e.g.
     * `https://cs.console.aliyun.com/#/k8s/cluster/{clusterId}/v2/info/overview?region={regionId}`.
     * @visibility backend
     */
    consoleUrlPattern?: string;
    /**
     * The page of an Argo CD Application, linked from the DR tab: `{name}`
     * and `{namespace}` are filled in, e.g.
     * `https://argocd.example.com/applications/{namespace}/{name}`.
     * @visibility backend
     */
    argoCdUrlPattern?: string;
    drStatus?: {
      /**
       * How often the ACK One inventory re-reads accounts, Fleets, member
       * clusters, CS clusters and gateways, in seconds (default 60). Every
       * ACK One plugin reads from it (DR status, cluster health, the
       * catalog provider, the Kubernetes cluster supplier) and follows its
       * changes at once. Workloads and gateway Ingresses are watched
       * continuously.
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
    /**
     * Failovers with owner approval (`/api/ack-one/v1/failovers`), executed
     * on the Fleet's gateway Ingresses by one of the backend instances.
     */
    failover?: {
      /**
       * Periods in which no failover may execute (the change-freeze safety
       * rule fails inside one). ISO 8601 times; `to` is exclusive.
       */
      changeFreezes?: Array<{
        from: string;
        to: string;
        /** Shown in the failed check, e.g. "year-end sales". */
        reason?: string;
      }>;
      /**
       * How long the gateway may take to show a step's weights in effect
       * (and ready endpoints behind them) before the failover is rolled
       * back, in seconds (default 30).
       */
      verifyTimeoutSeconds?: number;
      /**
       * How long warmed-up replicas may take to become ready before the
       * failover is rolled back, in seconds (default 300).
       */
      warmUpTimeoutSeconds?: number;
      /**
       * A request not approved or rejected within this many hours expires
       * (default 24). A request whose window closes before it starts
       * expires too.
       */
      requestExpiryHours?: number;
      /**
       * How long a backend instance's claim on a request it executes lasts
       * without renewal, in seconds (default 30); renewed every third of
       * it. After a crash another instance resumes the request once the
       * claim has run out. The hosts' clocks should agree to well within
       * this.
       */
      leaseSeconds?: number;
      /** How often each backend instance looks for approved requests, in seconds (default 2). */
      pollIntervalSeconds?: number;
      /** Deadline of one request of the executor to an API server, in seconds (default 10). */
      kubeRequestTimeoutSeconds?: number;
    };
  };
}
