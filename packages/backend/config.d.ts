export interface Config {
  ackOne?: {
    /** The embedded ACK One simulator (see packages/ack-one-simulator). */
    simulator?: {
      /** Start the simulator with the backend. */
      enabled?: boolean;
      /** `demo`, `empty`, or the path of a saved world file. */
      world?: string;
      /** Address to listen on (default 127.0.0.1). */
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
