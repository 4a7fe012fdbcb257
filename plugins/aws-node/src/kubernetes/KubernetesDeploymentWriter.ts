import { JsonObject } from '@backstage/types';
import {
  KubernetesDeploymentDetails,
  KubernetesDeploymentRef,
} from './KubernetesReader';

/**
 * A strategic merge patch of one Deployment.
 *
 * @public
 */
export interface PatchDeploymentRequest extends KubernetesDeploymentRef {
  /**
   * A strategic merge patch, e.g. an old ReplicaSet's template under
   * `spec.template` for a rollback. Put `metadata.resourceVersion` in it to
   * make the patch fail with ConflictError if the Deployment changed since it
   * was read.
   */
  patch: JsonObject;
  /** Who the API server records as owning the fields; `shipyard` by default. */
  fieldManager?: string;
}

/**
 * Changes Deployments on the configured EKS clusters. Separate from
 * {@link KubernetesReader} so that only code that mutates is given it.
 *
 * @public
 */
export interface KubernetesDeploymentWriter {
  /**
   * Sends `patch` as `application/strategic-merge-patch+json` and returns
   * the Deployment as the API server stored it.
   *
   * Only throttling is retried. After an AwsServiceUnavailableError other
   * than throttling (a 5xx, an unreachable server) the patch may or may not
   * have been applied: read the Deployment again before retrying.
   *
   * @throws NotAllowedError (401/403) naming the RBAC permission, NotFoundError
   *   naming the Deployment, ConflictError (409), InputError with the API
   *   server's message (400/422), and the other errors of `mapKubernetesError`.
   */
  patchDeployment(
    request: PatchDeploymentRequest,
    options?: { signal?: AbortSignal },
  ): Promise<KubernetesDeploymentDetails>;
}
