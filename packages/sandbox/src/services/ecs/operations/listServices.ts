import type { ListServicesResponse } from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { paginate } from '../../../server/paginate';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';
import { resolveCluster } from '../resolveCluster';

export const listServices: OperationHandler<unknown, ListServicesResponse> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const maxResults = reader.integer('maxResults', { min: 1, max: 100 }) ?? 10;
  const launchType = reader.enumValue('launchType', [
    'EC2',
    'FARGATE',
    'EXTERNAL',
    'MANAGED_INSTANCES',
  ]);
  const strategy = reader.enumValue('schedulingStrategy', [
    'REPLICA',
    'DAEMON',
  ]);
  const cluster = resolveCluster(ctx, reader.string('cluster'));
  // Every scenario service is a replica service on Fargate.
  const matches =
    (launchType === undefined || launchType === 'FARGATE') &&
    (strategy === undefined || strategy === 'REPLICA');
  const arns = matches
    ? ctx.state.services
        .inCluster(ctx.accountId, ctx.region, cluster.name)
        .map(s => s.arn)
    : [];
  const { page, nextToken } = paginate(arns, {
    pageSize: maxResults,
    token: reader.string('nextToken'),
    errorName: ECS_VALIDATION_ERROR,
  });
  return { serviceArns: page, nextToken };
};
