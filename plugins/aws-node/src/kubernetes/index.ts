export type {
  KubernetesReader,
  KubernetesDeployment,
  ListDeploymentsRequest,
} from './KubernetesReader';
export { DefaultKubernetesReader } from './DefaultKubernetesReader';
export { createEksToken } from './createEksToken';
export { mapKubernetesError } from './mapKubernetesError';
export type {
  KubernetesCallContext,
  KubernetesFailure,
} from './mapKubernetesError';
