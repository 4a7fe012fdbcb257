import type { CreateRepositoryResponse } from '@aws-sdk/client-ecr';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { ECR_VALIDATION_ERROR } from '../ecrErrors';
import { toEcrRepository } from '../toEcrRepository';

const REPOSITORY_NAME =
  /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const createRepository: OperationHandler<
  unknown,
  CreateRepositoryResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECR_VALIDATION_ERROR);
  const name = reader.requiredString('repositoryName', {
    minLength: 2,
    maxLength: 256,
    pattern: REPOSITORY_NAME,
  });
  const registryId = reader.string('registryId') ?? ctx.accountId;
  if (registryId !== ctx.accountId) {
    throw reader.invalid(
      `Invalid parameter at 'registryId' failed to satisfy constraint: 'The registry id must be the caller's account'`,
    );
  }
  const mutability =
    reader.enumValue('imageTagMutability', [
      'MUTABLE',
      'IMMUTABLE',
      'MUTABLE_WITH_EXCLUSION',
      'IMMUTABLE_WITH_EXCLUSION',
    ]) ?? 'MUTABLE';
  const tags = (reader.structureList('tags', { maxItems: 50 }) ?? []).map(t => [
    t.requiredString('Key', { minLength: 1, maxLength: 128 }),
    t.requiredString('Value', { maxLength: 256 }),
  ]);
  const scanOnPush =
    reader.structure('imageScanningConfiguration')?.boolean('scanOnPush') ??
    false;
  if (ctx.state.repositories.get(ctx.accountId, ctx.region, name)) {
    throw new SandboxError(
      'RepositoryAlreadyExistsException',
      `The repository with name '${name}' already exists in the registry with id '${ctx.accountId}'`,
    );
  }
  const repository = {
    accountId: ctx.accountId,
    region: ctx.region,
    name,
    arn: `arn:aws:ecr:${ctx.region}:${ctx.accountId}:repository/${name}`,
    uri: `${ctx.accountId}.dkr.ecr.${ctx.region}.amazonaws.com/${name}`,
    createdAt: ctx.now,
    imageTagMutability: mutability,
    tags: Object.fromEntries(tags),
    images: [],
  };
  ctx.state.repositories.add(repository);
  if (tags.length > 0) {
    ctx.state.tags.put({
      arn: repository.arn,
      resourceType: 'ecr:repository',
      accountId: ctx.accountId,
      region: ctx.region,
      tags: repository.tags,
    });
  }
  return {
    repository: {
      ...toEcrRepository(repository),
      imageScanningConfiguration: { scanOnPush },
    },
  };
};
