import type { GetRepositoryPolicyResponse } from '@aws-sdk/client-ecr';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { ECR_VALIDATION_ERROR, repositoryNotFound } from '../ecrErrors';

/** A repository's policy; like ECR, a repository without one fails with its own error. */
export const getRepositoryPolicy: OperationHandler<
  unknown,
  GetRepositoryPolicyResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECR_VALIDATION_ERROR);
  const name = reader.requiredString('repositoryName', {
    minLength: 2,
    maxLength: 256,
  });
  const registryId = reader.string('registryId') ?? ctx.accountId;
  const repository =
    registryId === ctx.accountId
      ? ctx.state.repositories.get(ctx.accountId, ctx.region, name)
      : undefined;
  if (!repository) {
    throw repositoryNotFound(name, registryId);
  }
  if (repository.policyText === undefined) {
    throw new SandboxError(
      'RepositoryPolicyNotFoundException',
      `Repository policy does not exist for the repository with name '${name}' in the registry with id '${registryId}'`,
    );
  }
  return {
    registryId,
    repositoryName: name,
    policyText: repository.policyText,
  };
};
