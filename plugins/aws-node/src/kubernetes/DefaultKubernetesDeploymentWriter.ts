import { Config } from '@backstage/config';
import { AwsCallCounter } from '../clients/AwsCallCounter';
import { AwsClientFactory } from '../clients/AwsClientFactory';
import { ShipyardEnvironments } from '../environments/ShipyardEnvironments';
import { KubernetesApiClient, namespacedPath } from './KubernetesApiClient';
import {
  KubernetesDeploymentWriter,
  PatchDeploymentRequest,
} from './KubernetesDeploymentWriter';
import { toDeploymentDetails } from './kubernetesObjects';
import { KubernetesDeploymentDetails } from './KubernetesReader';

const DEFAULT_FIELD_MANAGER = 'shipyard';

/**
 * Patches Deployments through {@link KubernetesApiClient}, with the same
 * connection, authentication and call counting as
 * {@link DefaultKubernetesReader}; only throttling is retried.
 *
 * @public
 */
export class DefaultKubernetesDeploymentWriter
  implements KubernetesDeploymentWriter
{
  /**
   * Reads `shipyard.aws.endpoint` (the STS endpoint for EKS tokens, the
   * sandbox in development) and `shipyard.aws.maxAttempts`.
   */
  static fromConfig(
    config: Config,
    deps: {
      environments: ShipyardEnvironments;
      clientFactory: AwsClientFactory;
      counter?: AwsCallCounter;
    },
  ): DefaultKubernetesDeploymentWriter {
    return new DefaultKubernetesDeploymentWriter(
      KubernetesApiClient.fromConfig(config, deps),
    );
  }

  private constructor(private readonly api: KubernetesApiClient) {}

  async patchDeployment(
    request: PatchDeploymentRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<KubernetesDeploymentDetails> {
    const { namespace, name } = request;
    const connection = this.api.connection(
      request.environment,
      request.cluster,
    );
    const json = await this.api.request(
      connection,
      {
        method: 'PATCH',
        path: namespacedPath('/apis/apps/v1', namespace, 'deployments', name),
        query: { fieldManager: request.fieldManager ?? DEFAULT_FIELD_MANAGER },
        body: {
          contentType: 'application/strategic-merge-patch+json',
          value: request.patch,
        },
        operation: 'patchNamespacedDeployment',
        permission: `patch deployments.apps in namespace ${namespace}`,
        resource: `deployments.apps "${name}" in namespace ${namespace}`,
      },
      options.signal,
    );
    return toDeploymentDetails(json);
  }
}
