import type { ListClustersResponse } from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { paginate } from '../../../server/paginate';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';

export const listClusters: OperationHandler<unknown, ListClustersResponse> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const maxResults = reader.integer('maxResults', { min: 1, max: 100 }) ?? 100;
  const arns = ctx.scenario.clusters
    .filter(
      c =>
        c.kind === 'ecs' &&
        c.accountId === ctx.accountId &&
        c.region === ctx.region,
    )
    .map(c => c.arn);
  const { page, nextToken } = paginate(arns, {
    pageSize: maxResults,
    token: reader.string('nextToken'),
    errorName: ECS_VALIDATION_ERROR,
  });
  return { clusterArns: page, nextToken };
};
