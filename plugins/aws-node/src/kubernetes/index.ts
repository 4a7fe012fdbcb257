export type {
  KubernetesReader,
  KubernetesDeployment,
  ListDeploymentsRequest,
  KubernetesNamespaceRef,
  KubernetesDeploymentRef,
  KubernetesSelectorRequest,
  ListEventsRequest,
  KubernetesObjectMeta,
  KubernetesOwnerReference,
  KubernetesDeploymentCondition,
  KubernetesDeploymentDetails,
  KubernetesReplicaSet,
  KubernetesContainerState,
  KubernetesContainerStatus,
  KubernetesPod,
  KubernetesEvent,
} from './KubernetesReader';
export type {
  KubernetesDeploymentWriter,
  PatchDeploymentRequest,
} from './KubernetesDeploymentWriter';
export { DefaultKubernetesReader } from './DefaultKubernetesReader';
export { DefaultKubernetesDeploymentWriter } from './DefaultKubernetesDeploymentWriter';
export {
  kubernetesReaderServiceRef,
  kubernetesReaderServiceFactory,
} from './kubernetesReaderServiceRef';
export {
  kubernetesDeploymentWriterServiceRef,
  kubernetesDeploymentWriterServiceFactory,
} from './kubernetesDeploymentWriterServiceRef';
export { createEksToken } from './createEksToken';
export { mapKubernetesError } from './mapKubernetesError';
export type {
  KubernetesCallContext,
  KubernetesFailure,
} from './mapKubernetesError';
