export interface Config {
  ackOne?: {
    /** The ACK One scaffolder actions (`ack-one:*`). */
    scaffolder?: {
      /**
       * IDC clusters `ack-one:cluster:register` may register, by name (the
       * action's `idcCluster` input). Their kubeconfigs stay on the server
       * and are never logged.
       */
      idcClusters?: {
        [name: string]: {
          /**
           * A kubeconfig file with credentials for the IDC cluster.
           * @visibility secret
           */
          kubeconfigPath: string;
          /** The context to use; default: the file's current context. */
          context?: string;
        };
      };
      /** How often the actions poll the cloud while waiting (default 5). */
      pollIntervalSeconds?: number;
      /** Server-side apply field manager (default `backstage-ack-one`). */
      fieldManager?: string;
    };
  };
}
