import { createGitlabService } from '../gitlab/createGitlabService';
import { createKubernetesService } from '../kubernetes/kubernetesService';
import type { SandboxHttpService } from '../server/SandboxService';

/**
 * The non-AWS HTTP APIs the sandbox serves by default: the EKS clusters' Kubernetes API and
 * the GitLab stand-in (which keeps one world per server; its repositories are removed when the
 * process exits, or by passing your own `createGitlabService()` and closing it).
 */
export const builtinHttpServices: readonly SandboxHttpService[] = [
  createKubernetesService(),
  createGitlabService(),
];
