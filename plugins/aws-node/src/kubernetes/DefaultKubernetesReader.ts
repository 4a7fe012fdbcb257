import { Config } from '@backstage/config';
import { AwsCallCounter } from '../clients/AwsCallCounter';
import { AwsClientFactory } from '../clients/AwsClientFactory';
import { ShipyardEnvironments } from '../environments/ShipyardEnvironments';
import { KubernetesApiClient, namespacedPath } from './KubernetesApiClient';
import {
  toDeploymentDetails,
  toEvent,
  toPod,
  toReplicaSet,
} from './kubernetesObjects';
import {
  KubernetesDeployment,
  KubernetesDeploymentDetails,
  KubernetesDeploymentRef,
  KubernetesEvent,
  KubernetesNamespaceRef,
  KubernetesPod,
  KubernetesReader,
  KubernetesReplicaSet,
  KubernetesSelectorRequest,
  ListDeploymentsRequest,
  ListEventsRequest,
} from './KubernetesReader';

type Json = any;

/**
 * Reads Deployments, ReplicaSets, pods and events through
 * {@link KubernetesApiClient}: authenticated per cluster, retried on
 * throttling and server errors, counted as service `Kubernetes`, errors
 * mapped by `mapKubernetesError`.
 *
 * @public
 */
export class DefaultKubernetesReader implements KubernetesReader {
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
  ): DefaultKubernetesReader {
    return new DefaultKubernetesReader(
      KubernetesApiClient.fromConfig(config, deps),
    );
  }

  private constructor(private readonly api: KubernetesApiClient) {}

  async listDeployments(
    request: ListDeploymentsRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<KubernetesDeployment[]> {
    const connection = this.api.connection(
      request.environment,
      request.cluster,
    );
    const items = await this.api.list<Json>(
      connection,
      {
        method: 'GET',
        path: '/apis/apps/v1/deployments',
        query: { labelSelector: request.labelSelector },
        operation: 'listDeploymentsForAllNamespaces',
        permission: 'list deployments.apps in all namespaces',
      },
      options.signal,
    );
    return items.flatMap(item => {
      const { name, namespace, labels } = item?.metadata ?? {};
      return name && namespace
        ? [{ namespace, name, labels: { ...labels } }]
        : [];
    });
  }

  async getDeployment(
    request: KubernetesDeploymentRef,
    options: { signal?: AbortSignal } = {},
  ): Promise<KubernetesDeploymentDetails> {
    const { namespace, name } = request;
    const connection = this.api.connection(
      request.environment,
      request.cluster,
    );
    const json = await this.api.request<Json>(
      connection,
      {
        method: 'GET',
        path: namespacedPath('/apis/apps/v1', namespace, 'deployments', name),
        operation: 'readNamespacedDeployment',
        permission: `get deployments.apps in namespace ${namespace}`,
        resource: `deployments.apps "${name}" in namespace ${namespace}`,
      },
      options.signal,
    );
    return toDeploymentDetails(json);
  }

  async listReplicaSets(
    request: KubernetesSelectorRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<KubernetesReplicaSet[]> {
    const items = await this.#listNamespaced(request, {
      prefix: '/apis/apps/v1',
      resource: 'replicasets',
      group: '.apps',
      operation: 'listNamespacedReplicaSet',
      query: { labelSelector: request.labelSelector },
      signal: options.signal,
    });
    return items.map(toReplicaSet);
  }

  async listPods(
    request: KubernetesSelectorRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<KubernetesPod[]> {
    const items = await this.#listNamespaced(request, {
      prefix: '/api/v1',
      resource: 'pods',
      group: '',
      operation: 'listNamespacedPod',
      query: { labelSelector: request.labelSelector },
      signal: options.signal,
    });
    return items.map(toPod);
  }

  async listEvents(
    request: ListEventsRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<KubernetesEvent[]> {
    const items = await this.#listNamespaced(request, {
      prefix: '/api/v1',
      resource: 'events',
      group: '',
      operation: 'listNamespacedEvent',
      query: { fieldSelector: request.fieldSelector || undefined },
      signal: options.signal,
    });
    return items.map(toEvent);
  }

  async #listNamespaced(
    request: KubernetesNamespaceRef,
    list: {
      prefix: string;
      resource: string;
      /** `.apps` for apps/v1, empty for the core group. */
      group: string;
      operation: string;
      query: Record<string, string | undefined>;
      signal: AbortSignal | undefined;
    },
  ): Promise<Json[]> {
    const connection = this.api.connection(
      request.environment,
      request.cluster,
    );
    return this.api.list<Json>(
      connection,
      {
        method: 'GET',
        path: namespacedPath(list.prefix, request.namespace, list.resource),
        query: list.query,
        operation: list.operation,
        permission: `list ${list.resource}${list.group} in namespace ${request.namespace}`,
      },
      list.signal,
    );
  }
}
