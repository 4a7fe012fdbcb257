import type { UpdateServiceResponse } from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { deploymentOfTaskDefinition } from '../deploymentOfTaskDefinition';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';
import { resolveCluster } from '../resolveCluster';
import { resolveService } from '../resolveService';
import { toEcsService } from '../toEcsService';

/**
 * Whether a `family`, `family:revision` or ARN reference has no revision or a numeric one: ECS
 * refuses `family:` and `family:latest` before it looks anything up.
 */
function hasValidRevision(reference: string): boolean {
  const familyAndRevision = reference.startsWith('arn:')
    ? reference.slice(reference.lastIndexOf('/') + 1)
    : reference;
  const colon = familyAndRevision.lastIndexOf(':');
  return colon < 0 || /^\d+$/.test(familyAndRevision.slice(colon + 1));
}

/**
 * Changes the desired count and, with a new task definition (or forceNewDeployment), starts a
 * deployment that rolls out over the sandbox's `rolloutSeconds`. As on ECS, any ACTIVE revision
 * of the account and region is accepted, an earlier one of the same family (a rollback) or one
 * of another family alike: a caller that must stay within the family checks it itself.
 */
export const updateService: OperationHandler<unknown, UpdateServiceResponse> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const serviceRef = reader.requiredString('service');
  const desiredCount = reader.integer('desiredCount', { min: 0, max: 5000 });
  const taskDefinitionRef = reader.string('taskDefinition');
  const force = reader.boolean('forceNewDeployment') ?? false;
  if (taskDefinitionRef !== undefined && !hasValidRevision(taskDefinitionRef)) {
    throw reader.invalid('Invalid revision number.');
  }
  const cluster = resolveCluster(ctx, reader.string('cluster'));
  const service = resolveService(ctx, cluster, serviceRef);
  if (!service) {
    throw new SandboxError('ServiceNotFoundException', 'Service not found.');
  }
  const services = ctx.state.services;
  const current = services
    .rollout(service.id, ctx.now)
    .deployments.find(d => d.status === 'PRIMARY');
  const record =
    taskDefinitionRef !== undefined
      ? ctx.state.taskDefinitions.resolve(
          ctx.accountId,
          ctx.region,
          taskDefinitionRef,
        )
      : current?.taskDefinitionArn &&
        ctx.state.taskDefinitions.resolve(
          ctx.accountId,
          ctx.region,
          current.taskDefinitionArn,
        );
  if (!record) {
    throw new SandboxError('ClientException', 'TaskDefinition not found.');
  }
  if (record.taskDefinition.status !== 'ACTIVE') {
    throw new SandboxError('ClientException', 'TaskDefinition is inactive.');
  }
  if (desiredCount !== undefined) {
    services.setDesiredCount(service.id, desiredCount);
  }
  const arn = record.taskDefinition.taskDefinitionArn!;
  if (force || arn !== current?.taskDefinitionArn) {
    services.startDeployment(
      service.id,
      deploymentOfTaskDefinition(record.taskDefinition, service.component),
      ctx.now,
    );
  }
  return { service: toEcsService(service, ctx.state, ctx.now, false) };
};
