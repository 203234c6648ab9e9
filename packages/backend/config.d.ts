export interface Config {
  ackOne?: {
    /**
     * The portal's permission policy (packages/backend/src/permissionPolicy).
     * Reads are open to signed-in users; every write needs a rule below.
     */
    permissionPolicy?: {
      /**
       * Users and groups (entity refs; a bare name is a group in the default
       * namespace) that may do everything, the Kubernetes proxy included.
       */
      admins?: string[];
      /**
       * Users and groups that may use `/api/kubernetes/proxy` besides admins.
       * The proxy forwards any request with the backend's cluster credentials.
       */
      kubernetesProxy?: string[];
      /** Who may register and unregister catalog locations (default `admins`). */
      catalogRegistration?: 'admins' | 'signed-in';
      /** Who may run software templates (default `admins`). */
      scaffolder?: 'admins' | 'signed-in';
    };
    /** The embedded ACK One simulator (see packages/ack-one-simulator). */
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
      /**
       * Port of the demo OpenID Connect provider on 127.0.0.1 (default
       * 18083; 0: any free port). `auth.providers.oidc.development.metadataUrl`
       * points at it.
       */
      oidcPort?: number;
      /**
       * Secret of the demo OpenID Connect provider's `backstage` client; the
       * same value as `auth.providers.oidc.development.clientSecret`.
       * @visibility secret
       */
      oidcClientSecret?: string;
    };
  };
}
