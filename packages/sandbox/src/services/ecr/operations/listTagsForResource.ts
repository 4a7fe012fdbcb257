import type { ListTagsForResourceResponse } from '@aws-sdk/client-ecr';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { ECR_VALIDATION_ERROR, repositoryNotFound } from '../ecrErrors';

const REPOSITORY_ARN =
  /^arn:aws:ecr:([a-z0-9-]+):(\d{12}):repository\/(.{2,256})$/;

/**
 * The tags of a repository of the caller's account and region, by ARN: what a caller reads to
 * learn whom an existing repository belongs to.
 */
export const listTagsForResource: OperationHandler<
  unknown,
  ListTagsForResourceResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECR_VALIDATION_ERROR);
  const arn = reader.requiredString('resourceArn', { minLength: 1 });
  const match = REPOSITORY_ARN.exec(arn);
  if (!match) {
    throw reader.invalid(
      `Invalid parameter at 'resourceArn' failed to satisfy constraint: 'Invalid ARN'`,
    );
  }
  const [, region, accountId, name] = match;
  const repository =
    accountId === ctx.accountId && region === ctx.region
      ? ctx.state.repositories.get(accountId, region, name)
      : undefined;
  if (!repository) {
    throw repositoryNotFound(name, accountId);
  }
  return {
    tags: Object.entries(repository.tags).map(([Key, Value]) => ({
      Key,
      Value,
    })),
  };
};
