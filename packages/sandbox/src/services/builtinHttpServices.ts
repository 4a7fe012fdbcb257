import { createKubernetesService } from '../kubernetes/kubernetesService';
import type { SandboxHttpService } from '../server/SandboxService';

/** The non-AWS HTTP APIs the sandbox serves by default (the EKS clusters' Kubernetes API). */
export const builtinHttpServices: readonly SandboxHttpService[] = [
  createKubernetesService(),
];
