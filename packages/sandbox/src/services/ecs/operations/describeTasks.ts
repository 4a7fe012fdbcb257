import type { DescribeTasksResponse, Failure, Task } from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';
import { resolveCluster } from '../resolveCluster';
import { toEcsTask } from '../toEcsTask';

/** ECS describes at most 100 tasks per call. */
const MAX_TASKS = 100;

export const describeTasks: OperationHandler<unknown, DescribeTasksResponse> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const references = reader.stringList('tasks');
  if (!references || references.length === 0) {
    throw reader.invalid('Tasks cannot be empty.');
  }
  if (references.length > MAX_TASKS) {
    throw reader.invalid(`tasks can have at most ${MAX_TASKS} items.`);
  }
  const include = reader.stringList('include') ?? [];
  if (include.some(v => v !== 'TAGS')) {
    throw reader.invalid(
      `Invalid include value: ${include.find(v => v !== 'TAGS')}`,
    );
  }
  const cluster = resolveCluster(ctx, reader.string('cluster'));
  const tasks: Task[] = [];
  const failures: Failure[] = [];
  for (const reference of references) {
    const arn =
      /^arn:aws:ecs:([^:]+):(\d{12}):task\/(?:([^/]+)\/)?([0-9a-f]{32})$/.exec(
        reference,
      );
    const sameCluster =
      !arn ||
      (arn[1] === ctx.region &&
        arn[2] === ctx.accountId &&
        (!arn[3] || arn[3] === cluster.name));
    const taskId = arn ? arn[4] : reference;
    const task = sameCluster
      ? ctx.state.services.findTask(
          ctx.accountId,
          ctx.region,
          cluster.name,
          taskId,
          ctx.now,
        )
      : undefined;
    const service = task && ctx.state.services.get(task.serviceId);
    if (task && service) {
      tasks.push(toEcsTask(service, task, include.includes('TAGS')));
    } else {
      failures.push({
        arn: reference.startsWith('arn:')
          ? reference
          : `arn:aws:ecs:${ctx.region}:${ctx.accountId}:task/${cluster.name}/${reference}`,
        reason: 'MISSING',
      });
    }
  }
  return { tasks, failures };
};
