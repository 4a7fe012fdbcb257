import type {
  ContainerDefinition,
  RegisterTaskDefinitionResponse,
  Tag,
} from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';

const FAMILY = /^[a-zA-Z0-9_-]{1,255}$/;

export const registerTaskDefinition: OperationHandler<
  unknown,
  RegisterTaskDefinitionResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const family = reader.requiredString('family');
  if (!FAMILY.test(family)) {
    throw new SandboxError(
      'ClientException',
      'Family contains invalid characters. Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed.',
    );
  }
  const containers = reader.structureList('containerDefinitions');
  if (!containers) {
    throw reader.invalid(
      "1 validation error detected: Value null at 'containerDefinitions' failed to satisfy constraint: Member must not be null",
    );
  }
  if (containers.length === 0) {
    throw new SandboxError(
      'ClientException',
      'Container list cannot be empty.',
    );
  }
  const taskMemory = reader.string('memory');
  const taskCpu = reader.string('cpu');
  for (const container of containers) {
    if (!container.string('name')) {
      throw new SandboxError(
        'ClientException',
        'Container.name should not be null or empty.',
      );
    }
    if (!container.string('image')) {
      throw new SandboxError(
        'ClientException',
        'Container.image should not be null or empty.',
      );
    }
    if (
      taskMemory === undefined &&
      container.integer('memory') === undefined &&
      container.integer('memoryReservation') === undefined
    ) {
      throw new SandboxError(
        'ClientException',
        `Invalid setting for container '${container.string(
          'name',
        )}'. At least one of 'memory' or 'memoryReservation' must be specified.`,
      );
    }
  }
  const requires = reader.stringList('requiresCompatibilities') ?? [];
  if (
    requires.includes('FARGATE') &&
    (taskCpu === undefined || taskMemory === undefined)
  ) {
    throw new SandboxError(
      'ClientException',
      "Fargate requires that 'cpu' be defined at the task level.",
    );
  }
  const tagReaders = reader.structureList('tags', { maxItems: 50 }) ?? [];
  const tags: Tag[] = tagReaders.map(t => ({
    key: t.requiredString('key', { minLength: 1, maxLength: 128 }),
    value: t.string('value', { maxLength: 256 }) ?? '',
  }));
  const body = input as Record<string, unknown>;
  const record = ctx.state.taskDefinitions.register(
    ctx.accountId,
    ctx.region,
    {
      family,
      containerDefinitions: body.containerDefinitions as ContainerDefinition[],
      taskRoleArn: reader.string('taskRoleArn'),
      executionRoleArn: reader.string('executionRoleArn'),
      networkMode:
        reader.enumValue('networkMode', ['bridge', 'host', 'awsvpc', 'none']) ??
        'bridge',
      requiresCompatibilities: requires as ('EC2' | 'FARGATE' | 'EXTERNAL')[],
      compatibilities: ['EC2', 'FARGATE'],
      cpu: taskCpu,
      memory: taskMemory,
      registeredAt: ctx.now,
      registeredBy: `arn:aws:iam::${ctx.accountId}:user/sandbox`,
    },
    tags,
  );
  if (tags.length > 0) {
    ctx.state.tags.put({
      arn: record.taskDefinition.taskDefinitionArn!,
      resourceType: 'ecs:task-definition',
      accountId: ctx.accountId,
      region: ctx.region,
      tags: Object.fromEntries(tags.map(t => [t.key!, t.value!])),
    });
  }
  return { taskDefinition: record.taskDefinition, tags };
};
