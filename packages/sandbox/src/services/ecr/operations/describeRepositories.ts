import type { DescribeRepositoriesResponse } from '@aws-sdk/client-ecr';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { ECR_VALIDATION_ERROR, repositoryNotFound } from '../ecrErrors';
import { toEcrRepository } from '../toEcrRepository';

/**
 * Describes repositories by name, as a caller does to find out about one it could not create
 * because it exists. Like ECR, one unknown name fails the whole call. Listing every repository
 * of the registry (no `repositoryNames`) is not served: the repository store has no listing,
 * and nothing in the portal or its templates lists registries.
 */
export const describeRepositories: OperationHandler<
  unknown,
  DescribeRepositoriesResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECR_VALIDATION_ERROR);
  const names = reader.stringList('repositoryNames', { maxItems: 100 });
  const registryId = reader.string('registryId') ?? ctx.accountId;
  if (names === undefined || names.length === 0) {
    throw reader.invalid(
      'The sandbox answers DescribeRepositories only with repositoryNames (1 to 100 names)',
    );
  }
  if (reader.has('maxResults') || reader.has('nextToken')) {
    throw reader.invalid(
      'Invalid parameter: maxResults and nextToken cannot be specified together with repositoryNames',
    );
  }
  return {
    repositories: names.map(name => {
      const repository =
        registryId === ctx.accountId
          ? ctx.state.repositories.get(ctx.accountId, ctx.region, name)
          : undefined;
      if (!repository) {
        throw repositoryNotFound(name, registryId);
      }
      return toEcrRepository(repository);
    }),
  };
};
