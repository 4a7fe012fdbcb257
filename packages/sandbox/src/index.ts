/**
 * A local stand-in for AWS (and, through HTTP services, the EKS Kubernetes API and GitLab)
 * that speaks the real wire protocols, for development, demos and tests.
 *
 * @packageDocumentation
 */

export * from './server/createSandboxServer';
export * from './server/SandboxError';
export * from './server/SandboxService';
export * from './server/SandboxRequest';
export * from './server/OperationHandler';
export * from './server/InputReader';
export * from './server/paginate';
export * from './server/FaultInjector';
export * from './server/RequestStats';
export * from './server/parseSigV4Credential';
export type { SandboxLogger } from './server/SandboxDispatcher';
export * from './scenario/Scenario';
export * from './scenario/DefaultScenario';
export * from './scenario/demoOrganisation';
export { deploymentTags } from './scenario/deploymentTags';
export * from './state/SandboxState';
export * from './state/DefaultSandboxState';
export * from './state/LiveDeployment';
export * from './state/crashLoop';
export * from './state/ServiceStore';
export * from './state/TaskDefinitionStore';
export * from './state/RepositoryStore';
export * from './state/TagIndex';
export * from './state/SecurityFindingStore';
export type { SecurityFinding } from './scenario/securityFindings';
export * from './services/builtinServices';
export * from './testing/sandboxClientConfig';
export * from './testing/sandboxPortalConfig';
export * from './testing/gitlabIdToken';
export * from './testing/createEcsServiceAsTerraform';
export {
  createGitlabService,
  type GitlabService,
} from './gitlab/createGitlabService';
export {
  GITLAB_SANDBOX_TOKEN,
  GITLAB_SEED_GROUPS,
  GITLAB_SEED_USERS,
  gitlabPersonalToken,
  type GitlabAccessLevel,
  type GitlabSeedGroup,
  type GitlabSeedUser,
} from './gitlab/gitlabSeed';
export type { GitlabEvent } from './gitlab/GitlabStore';
export { sandboxGitlabIntegration } from './gitlab/sandboxGitlabIntegration';
