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
      /**
       * How often the cluster list is rebuilt from the ACK One inventory
       * (kubeconfigs that failed are fetched again). Clusters that join or
       * leave are followed at once when the inventory reads them, every
       * `ackOne.drStatus.discoveryIntervalSeconds`. Default 5 minutes.
       */
      refreshInterval?: HumanDuration | string;
      /**
       * Skip the metrics-server lookup for pod resource usage on these
       * clusters. Default false.
       */
      skipMetricsLookup?: boolean;
    };
  };
}
