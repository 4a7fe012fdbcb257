import type {
  Cluster,
  DescribeClustersResponse,
  Failure,
} from '@aws-sdk/client-ecs';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';
import { resolveCluster } from '../resolveCluster';
import { toEcsTags } from '../toEcsTags';

const INCLUDE = [
  'ATTACHMENTS',
  'CONFIGURATIONS',
  'SETTINGS',
  'STATISTICS',
  'TAGS',
] as const;

export const describeClusters: OperationHandler<
  unknown,
  DescribeClustersResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const references = reader.stringList('clusters', { maxItems: 100 }) ?? [
    'default',
  ];
  const include = reader.stringList('include') ?? [];
  for (const value of include) {
    if (!INCLUDE.includes(value as (typeof INCLUDE)[number])) {
      throw reader.invalid(`Invalid include value: ${value}`);
    }
  }
  const clusters: Cluster[] = [];
  const failures: Failure[] = [];
  for (const reference of references) {
    let cluster;
    try {
      cluster = resolveCluster(ctx, reference);
    } catch (error) {
      if (!(error instanceof SandboxError)) {
        throw error;
      }
      failures.push({
        arn: reference.startsWith('arn:')
          ? reference
          : `arn:aws:ecs:${ctx.region}:${ctx.accountId}:cluster/${reference}`,
        reason: 'MISSING',
      });
      continue;
    }
    const services = ctx.state.services.inCluster(
      ctx.accountId,
      ctx.region,
      cluster.name,
    );
    let running = 0;
    let pending = 0;
    for (const service of services) {
      const view = ctx.state.services.rollout(service.id, ctx.now);
      running += view.runningCount;
      pending += view.pendingCount;
    }
    clusters.push({
      clusterArn: cluster.arn,
      clusterName: cluster.name,
      status: 'ACTIVE',
      registeredContainerInstancesCount: 0,
      runningTasksCount: running,
      pendingTasksCount: pending,
      activeServicesCount: services.length,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1, base: 0 },
      ],
      settings: include.includes('SETTINGS')
        ? [{ name: 'containerInsights', value: 'enabled' }]
        : undefined,
      statistics: include.includes('STATISTICS') ? [] : undefined,
      tags: include.includes('TAGS') ? toEcsTags(cluster.tags) : undefined,
    });
  }
  return { clusters, failures };
};
