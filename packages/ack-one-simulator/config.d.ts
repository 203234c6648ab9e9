export interface Config {
  ackOne?: {
    /**
     * The ACK One simulator embedded in the backend (the `/backend` entry
     * point of this package).
     */
    simulator?: {
      /**
       * Start the simulator with the backend. With NODE_ENV=production the
       * backend refuses to start it unless `allowInProduction` is true.
       */
      enabled?: boolean;
      /**
       * Start the simulator even when NODE_ENV is production (it accepts a
       * public demo AccessKey; only for a demo deployment, on purpose).
       */
      allowInProduction?: boolean;
      /** `demo`, `empty`, or the path of a saved world file. */
      world?: string;
      /**
       * Address to listen on (default 127.0.0.1, loopback only). The control
       * API needs the bearer token in `simulator.json` in `stateDir`.
       */
      host?: string;
      /** Port of the Alibaba Cloud OpenAPI endpoint (0: any free port). */
      cloudPort?: number;
      /** Port of the multi-cluster gateway's data plane. */
      gatewayPort?: number;
      /** Port of the fault-injection control API. */
      controlPort?: number;
      /** Where the kubeconfig and state files go (default `<repo>/.simulator`). */
      stateDir?: string;
      /** How long a new pod takes to become ready, in milliseconds. */
      podReadyDelayMs?: number;
    };
  };
}
