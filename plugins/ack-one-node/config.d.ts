export interface Config {
  /** ACK One (Alibaba Cloud) accounts the ACK One plugins read from. */
  ackOne?: {
    accounts?: Array<{
      /** A stable id for this account, referenced by providers (e.g. `prod`). */
      id: string;
      /** Regions to read, e.g. `['cn-hangzhou']`. */
      regions: string[];
      /**
       * Override of every product endpoint (`host:port`). Used for the local
       * simulator, which serves CS, Fleet (adcp), VPC and CEN on one port.
       */
      endpoint?: string;
      /**
       * `https` (default) or `http`, which is only accepted when `endpoint`
       * is a loopback address (127.0.0.0/8, ::1, localhost), e.g. the local
       * simulator.
       */
      protocol?: 'http' | 'https';
      /**
       * Reach ACK (non-registered) clusters over their public API server
       * endpoint. Default false: private (VPC) endpoints are used. Registered
       * IDC clusters and Fleets are always reached over private addresses.
       */
      publicClusterEndpoints?: boolean;
      /** Per-call deadline in milliseconds, retries included (default 30000). */
      callTimeoutMs?: number;
      /** Attempts per call, the first included (default 5). */
      maxAttempts?: number;
      /**
       * Which cluster namespaces a catalog entity may read through the DR
       * tab and the Kubernetes tab. `namespace-label` (default): only
       * namespaces labelled `backstage.io/kubernetes-id: <its id>` or
       * `ack-one/owner: <its owner's name>`. `annotation`: whatever its
       * annotations name (only for a catalog that only trusted people write to).
       */
      namespaceScope?: 'namespace-label' | 'annotation';
      /**
       * Cloud API requests allowed per region of this account, shared by
       * every plugin and every attempt (retries included). Waiting for a
       * request slot counts against `callTimeoutMs`.
       */
      rateLimit?: {
        /** Sustained requests per second (default 20); greater than 0. */
        requestsPerSecond?: number;
        /** Requests allowed at once after a quiet spell (default 40); at least 1. */
        burst?: number;
      };
      credentials?:
        | {
            type: 'access_key';
            /** Defaults to ALIBABA_CLOUD_ACCESS_KEY_ID. */
            accessKeyId?: string;
            /**
             * Defaults to ALIBABA_CLOUD_ACCESS_KEY_SECRET.
             * @visibility secret
             */
            accessKeySecret?: string;
          }
        | {
            type: 'ram_role_arn';
            accessKeyId?: string;
            /** @visibility secret */
            accessKeySecret?: string;
            roleArn: string;
            roleSessionName?: string;
            externalId?: string;
          }
        | {
            /** RRSA inside ACK: defaults come from the ALIBABA_CLOUD_* env vars the webhook injects. */
            type: 'oidc_role_arn';
            roleArn?: string;
            oidcProviderArn?: string;
            oidcTokenFilePath?: string;
            roleSessionName?: string;
          };
    }>;
  };
}
