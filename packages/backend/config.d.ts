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
    /**
     * The demo identity provider that runs with the embedded ACK One
     * simulator (packages/backend/src/demoIdentity); the simulator's own keys
     * are in packages/ack-one-simulator/config.d.ts.
     */
    simulator?: {
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
