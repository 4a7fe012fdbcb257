import { createGitlabService } from '../gitlab/createGitlabService';
import { createKubernetesService } from '../kubernetes/kubernetesService';
import type { SandboxHttpService } from '../server/SandboxService';

/**
 * The non-AWS HTTP APIs the sandbox serves by default: the EKS clusters' Kubernetes API and
 * the GitLab stand-in. New instances per server, because the GitLab stand-in keeps its
 * repositories on disk until it is closed, which the server does when it closes.
 */
export function createBuiltinHttpServices(): SandboxHttpService[] {
  return [createKubernetesService(), createGitlabService()];
}
