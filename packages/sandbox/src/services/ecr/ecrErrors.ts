import { SandboxError } from '../../server/SandboxError';

/** The error ECR answers malformed input with. */
export const ECR_VALIDATION_ERROR = 'InvalidParameterException';

export function repositoryNotFound(
  name: string,
  registryId: string,
): SandboxError {
  return new SandboxError(
    'RepositoryNotFoundException',
    `The repository with name '${name}' does not exist in the registry with id '${registryId}'`,
  );
}
