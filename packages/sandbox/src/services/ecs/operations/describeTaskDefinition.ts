import type { DescribeTaskDefinitionResponse } from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';

export const describeTaskDefinition: OperationHandler<
  unknown,
  DescribeTaskDefinitionResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const reference = reader.requiredString('taskDefinition');
  const include = reader.stringList('include') ?? [];
  if (include.some(v => v !== 'TAGS')) {
    throw reader.invalid(
      `Invalid include value: ${include.find(v => v !== 'TAGS')}`,
    );
  }
  const record = ctx.state.taskDefinitions.resolve(
    ctx.accountId,
    ctx.region,
    reference,
  );
  if (!record) {
    throw new SandboxError(
      'ClientException',
      'Unable to describe task definition.',
    );
  }
  return {
    taskDefinition: record.taskDefinition,
    tags: include.includes('TAGS') ? record.tags : undefined,
  };
};
