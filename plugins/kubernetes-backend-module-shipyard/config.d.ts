export interface Config {
  shipyard?: {
    kubernetes?: {
      /**
       * Whether the Kubernetes plugin skips asking each EKS cluster's metrics-server for pod CPU
       * and memory. Defaults to true: EKS clusters have no metrics-server unless one is installed,
       * and without it every workload view would show a metrics error. Set to false when all the
       * clusters in shipyard.environments run metrics-server.
       */
      skipMetricsLookup?: boolean;
    };
  };
}
