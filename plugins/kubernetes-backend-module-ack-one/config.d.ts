import { HumanDuration } from '@backstage/types';

export interface Config {
  kubernetes?: {
    /**
     * The ACK One cluster supplier of the Kubernetes backend
     * (`@internal/plugin-kubernetes-backend-module-ack-one`). It lists the
     * member clusters of the accounts in `ackOne.accounts`; credentials are
     * fetched from ACK One on the backend and never configured here.
     */
    ackOne?: {
      /** Account ids (`ackOne.accounts[].id`) to read; default: all of them. */
      accounts?: string[];
      /** Also supply every running Fleet (hub cluster). Default false. */
      includeFleets?: boolean;
      /** How often the cluster list is re-read. Default 5 minutes. */
      refreshInterval?: HumanDuration | string;
      /**
       * Skip the metrics-server lookup for pod resource usage on these
       * clusters. Default false.
       */
      skipMetricsLookup?: boolean;
    };
  };
}
