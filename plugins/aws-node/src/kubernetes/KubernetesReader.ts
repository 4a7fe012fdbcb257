/**
 * An apps/v1 Deployment as the locator needs it.
 *
 * @public
 */
export interface KubernetesDeployment {
  namespace: string;
  name: string;
  labels: Record<string, string>;
}

/**
 * Which cluster to read and what to select.
 *
 * @public
 */
export interface ListDeploymentsRequest {
  /** The environment whose `eksClusters` entry names the cluster. */
  environment: string;
  cluster: string;
  /** A Kubernetes label selector, e.g. `shipyard.io/component=checkout-api`. */
  labelSelector: string;
}

/**
 * Reads the Kubernetes API of the configured EKS clusters, with the
 * connection from `shipyard.environments[].eksClusters[]`.
 *
 * @public
 */
export interface KubernetesReader {
  /**
   * Deployments across all namespaces of one cluster that match the label
   * selector, every page.
   * @throws InputError when the cluster has no `url` or the environment is
   *   unknown, NotFoundError for an unknown cluster, and the errors of
   *   `mapKubernetesError`.
   */
  listDeployments(
    request: ListDeploymentsRequest,
    options?: { signal?: AbortSignal },
  ): Promise<KubernetesDeployment[]>;
}
