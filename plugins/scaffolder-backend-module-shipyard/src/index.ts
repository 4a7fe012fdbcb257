/**
 * Shipyard's scaffolder actions: resolve environments, create the ECR
 * repository, set per-environment GitLab CI/CD variables.
 *
 * @packageDocumentation
 */

export { scaffolderModuleShipyard as default } from './module';
export { createResolveEnvironmentsAction } from './actions/environments/createResolveEnvironmentsAction';
export type { ResolvedEnvironment } from './actions/environments/createResolveEnvironmentsAction';
export { createEcrRepositoryAction } from './actions/ecr/createEcrRepositoryAction';
export { createGitlabCiVariablesAction } from './actions/gitlab/createGitlabCiVariablesAction';
export {
  readShipyardScaffolderConfig,
  DEFAULT_DEPLOY_ROLE_NAME,
} from './config/ShipyardScaffolderConfig';
export type { ShipyardScaffolderConfig } from './config/ShipyardScaffolderConfig';
export {
  resolveArtifactRegistry,
  type ArtifactRegistry,
} from './config/resolveArtifactRegistry';
