import type { ListTasksResponse } from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { paginate } from '../../../server/paginate';
import { SandboxError } from '../../../server/SandboxError';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';
import { resolveCluster } from '../resolveCluster';
import { resolveService } from '../resolveService';
import { ecsTaskArn } from '../toEcsTask';

export const listTasks: OperationHandler<unknown, ListTasksResponse> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const maxResults = reader.integer('maxResults', { min: 1, max: 100 }) ?? 100;
  const desiredStatus =
    reader.enumValue('desiredStatus', ['RUNNING', 'PENDING', 'STOPPED']) ??
    'RUNNING';
  const family = reader.string('family');
  const startedBy = reader.string('startedBy');
  const launchType = reader.enumValue('launchType', [
    'EC2',
    'FARGATE',
    'EXTERNAL',
    'MANAGED_INSTANCES',
  ]);
  const serviceName = reader.string('serviceName');
  const cluster = resolveCluster(ctx, reader.string('cluster'));

  let services = ctx.state.services.inCluster(
    ctx.accountId,
    ctx.region,
    cluster.name,
  );
  if (serviceName !== undefined) {
    const service = resolveService(ctx, cluster, serviceName);
    if (!service) {
      throw new SandboxError('ServiceNotFoundException', 'Service not found.');
    }
    services = [service];
  }
  if (family !== undefined) {
    services = services.filter(s => s.family === family);
  }
  const arns: string[] = [];
  if (launchType === undefined || launchType === 'FARGATE') {
    for (const service of services) {
      for (const task of ctx.state.services.tasks(service.id, ctx.now, {
        replaceCrashed: true,
      })) {
        // PENDING asks for tasks ECS is still starting, which are desired RUNNING.
        const statusMatches =
          desiredStatus === 'PENDING'
            ? task.lastStatus === 'PENDING'
            : task.desiredStatus === desiredStatus;
        if (
          statusMatches &&
          (startedBy === undefined || task.deployment.id === startedBy)
        ) {
          arns.push(ecsTaskArn(service, task.id));
        }
      }
    }
  }
  const { page, nextToken } = paginate(arns, {
    pageSize: maxResults,
    token: reader.string('nextToken'),
    errorName: ECS_VALIDATION_ERROR,
  });
  return { taskArns: page, nextToken };
};
