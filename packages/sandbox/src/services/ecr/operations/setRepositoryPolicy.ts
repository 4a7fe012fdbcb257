import type { SetRepositoryPolicyResponse } from '@aws-sdk/client-ecr';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { ECR_VALIDATION_ERROR, repositoryNotFound } from '../ecrErrors';
import { policyProblem } from '../policyProblem';

/**
 * Replaces a repository's policy, as the scaffolder does to let the environments' accounts pull
 * a service's images from the artifact account. The policy is stored as written, so that
 * GetRepositoryPolicy answers what was set; a malformed one fails with ECR's error and a reason.
 */
export const setRepositoryPolicy: OperationHandler<
  unknown,
  SetRepositoryPolicyResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECR_VALIDATION_ERROR);
  const name = reader.requiredString('repositoryName', {
    minLength: 2,
    maxLength: 256,
  });
  const policyText = reader.requiredString('policyText', {
    maxLength: 10240,
  });
  const registryId = reader.string('registryId') ?? ctx.accountId;
  // Read for its type only: the sandbox has no principals to lock out, so force changes nothing.
  reader.boolean('force');
  const repository =
    registryId === ctx.accountId
      ? ctx.state.repositories.get(ctx.accountId, ctx.region, name)
      : undefined;
  if (!repository) {
    throw repositoryNotFound(name, registryId);
  }
  const problem = policyProblem(policyText);
  if (problem) {
    throw reader.invalid(
      `Invalid parameter at 'PolicyText' failed to satisfy constraint: 'Invalid repository policy provided' (${problem})`,
    );
  }
  repository.policyText = policyText;
  return { registryId, repositoryName: name, policyText };
};
