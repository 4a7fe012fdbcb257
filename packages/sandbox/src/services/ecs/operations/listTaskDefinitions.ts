import type { ListTaskDefinitionsResponse } from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { paginate } from '../../../server/paginate';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';

export const listTaskDefinitions: OperationHandler<
  unknown,
  ListTaskDefinitionsResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const maxResults = reader.integer('maxResults', { min: 1, max: 100 }) ?? 100;
  // Despite its name, ECS matches familyPrefix against the whole family name.
  const family = reader.string('familyPrefix');
  const status =
    reader.enumValue('status', ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS']) ??
    'ACTIVE';
  const sort = reader.enumValue('sort', ['ASC', 'DESC']) ?? 'ASC';
  const store = ctx.state.taskDefinitions;
  const families =
    family !== undefined ? [family] : store.families(ctx.accountId, ctx.region);
  const arns: string[] = [];
  for (const name of families) {
    for (const record of store.revisions(ctx.accountId, ctx.region, name)) {
      if (record.taskDefinition.status === status) {
        arns.push(record.taskDefinition.taskDefinitionArn!);
      }
    }
  }
  if (sort === 'DESC') {
    arns.reverse();
  }
  const { page, nextToken } = paginate(arns, {
    pageSize: maxResults,
    token: reader.string('nextToken'),
    errorName: ECS_VALIDATION_ERROR,
  });
  return { taskDefinitionArns: page, nextToken };
};
