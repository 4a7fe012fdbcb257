import { JsonObject } from '@backstage/types';

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
 * One namespace of a configured EKS cluster.
 *
 * @public
 */
export interface KubernetesNamespaceRef {
  /** The environment whose `eksClusters` entry names the cluster. */
  environment: string;
  cluster: string;
  namespace: string;
}

/**
 * One Deployment, by namespace and name.
 *
 * @public
 */
export interface KubernetesDeploymentRef extends KubernetesNamespaceRef {
  name: string;
}

/**
 * Objects of one namespace that match a label selector.
 *
 * @public
 */
export interface KubernetesSelectorRequest extends KubernetesNamespaceRef {
  /** A Kubernetes label selector, e.g. `app=checkout-api`. */
  labelSelector: string;
}

/**
 * Events of one namespace, optionally narrowed by a field selector.
 *
 * @public
 */
export interface ListEventsRequest extends KubernetesNamespaceRef {
  /**
   * A field selector, e.g.
   * `involvedObject.kind=Deployment,involvedObject.name=checkout-api`.
   */
  fieldSelector?: string;
}

/**
 * An owner of a Kubernetes object, e.g. the Deployment of a ReplicaSet.
 *
 * @public
 */
export interface KubernetesOwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

/**
 * The metadata the reads keep. Labels and annotations are `{}` when absent;
 * the revision of a Deployment or ReplicaSet is the annotation
 * `deployment.kubernetes.io/revision`.
 *
 * @public
 */
export interface KubernetesObjectMeta {
  name: string;
  namespace: string;
  uid: string;
  /** Send it back in a patch to make the patch fail with 409 if the object changed meanwhile. */
  resourceVersion?: string;
  creationTimestamp?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/**
 * A condition of a Deployment's status, e.g. `Progressing` or `Available`.
 *
 * @public
 */
export interface KubernetesDeploymentCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/**
 * An apps/v1 Deployment as a rollout needs it: the same field paths as the
 * API object, counts the API server leaves out as 0. The pod template is the
 * API server's object as is.
 *
 * @public
 */
export interface KubernetesDeploymentDetails {
  metadata: KubernetesObjectMeta & { generation: number };
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: JsonObject;
  };
  status: {
    /** The generation the controller has acted on; behind `metadata.generation` while it catches up. */
    observedGeneration?: number;
    replicas: number;
    updatedReplicas: number;
    readyReplicas: number;
    availableReplicas: number;
    unavailableReplicas: number;
    conditions: KubernetesDeploymentCondition[];
  };
}

/**
 * An apps/v1 ReplicaSet: one revision of a Deployment's pod template.
 *
 * @public
 */
export interface KubernetesReplicaSet {
  metadata: KubernetesObjectMeta & {
    ownerReferences: KubernetesOwnerReference[];
  };
  spec: { replicas: number; template: JsonObject };
  status: { replicas: number; readyReplicas: number };
}

/**
 * What a container is doing now, or did last: one of the three is set.
 *
 * @public
 */
export interface KubernetesContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: {
    exitCode: number;
    reason?: string;
    message?: string;
    startedAt?: string;
    finishedAt?: string;
  };
}

/**
 * One container of a pod; `lastState.terminated` says why it restarted.
 *
 * @public
 */
export interface KubernetesContainerStatus {
  name: string;
  image: string;
  /** The image digest the node pulled, e.g. `...@sha256:...`; empty until pulled. */
  imageID: string;
  ready: boolean;
  restartCount: number;
  state: KubernetesContainerState;
  lastState: KubernetesContainerState;
}

/**
 * A v1 Pod; its `pod-template-hash` label names its ReplicaSet's template.
 *
 * @public
 */
export interface KubernetesPod {
  metadata: KubernetesObjectMeta & {
    ownerReferences: KubernetesOwnerReference[];
  };
  status: {
    /** `Pending`, `Running`, `Succeeded`, `Failed` or `Unknown`. */
    phase: string;
    containerStatuses: KubernetesContainerStatus[];
  };
}

/**
 * A core v1 Event about an object of the namespace.
 *
 * @public
 */
export interface KubernetesEvent {
  metadata: { name: string; namespace: string };
  involvedObject: {
    kind: string;
    name: string;
    namespace?: string;
    uid?: string;
    /** The part of the object, e.g. `spec.containers{checkout-api}`. */
    fieldPath?: string;
  };
  /** `Normal` or `Warning`. */
  type: string;
  reason: string;
  message: string;
  /** Set by clients of core/v1 events; newer ones set `eventTime` instead. */
  firstTimestamp?: string;
  lastTimestamp?: string;
  eventTime?: string;
  /** How often it happened between the first and last timestamp. */
  count: number;
}

/**
 * Reads the Kubernetes API of the configured EKS clusters, with the
 * connection from `shipyard.environments[].eksClusters[]`. Lists return every
 * page.
 *
 * Every method throws InputError when the environment is unknown or the
 * cluster has no `url`, NotFoundError for an unknown cluster, and the errors
 * of `mapKubernetesError`.
 *
 * @public
 */
export interface KubernetesReader {
  /**
   * Deployments across all namespaces of one cluster that match the label
   * selector.
   */
  listDeployments(
    request: ListDeploymentsRequest,
    options?: { signal?: AbortSignal },
  ): Promise<KubernetesDeployment[]>;

  /**
   * One Deployment, read from the API server (never cached).
   * @throws NotFoundError naming it when it does not exist.
   */
  getDeployment(
    request: KubernetesDeploymentRef,
    options?: { signal?: AbortSignal },
  ): Promise<KubernetesDeploymentDetails>;

  /** The ReplicaSets of a namespace that match the label selector. */
  listReplicaSets(
    request: KubernetesSelectorRequest,
    options?: { signal?: AbortSignal },
  ): Promise<KubernetesReplicaSet[]>;

  /** The pods of a namespace that match the label selector. */
  listPods(
    request: KubernetesSelectorRequest,
    options?: { signal?: AbortSignal },
  ): Promise<KubernetesPod[]>;

  /**
   * The events of a namespace the API server still keeps (an hour by
   * default), optionally narrowed by a field selector.
   */
  listEvents(
    request: ListEventsRequest,
    options?: { signal?: AbortSignal },
  ): Promise<KubernetesEvent[]>;
}
