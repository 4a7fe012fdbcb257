import {
  DescribeTargetGroupsCommand,
  ElasticLoadBalancingV2Client,
  TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { AwsTarget, componentRunsIn } from '@internal/plugin-aws-common';
import {
  AWS_LIMITS,
  AwsClientFactory,
  ResourceLocator,
  ShipyardComponent,
  chunk,
  mapAwsError,
} from '@internal/plugin-aws-node';
import {
  SliSource,
  TargetGroupSource,
  WorkloadSource,
} from '../database/AvailabilityStore';

/** A component measured in an environment, and how. */
export interface MeasuredComponent {
  entityRef: string;
  environment: string;
  source: SliSource;
}

/** The TargetGroup dimension of ALB metrics: the end of the target group ARN. */
export function targetGroupDimension(arn: string): string {
  return arn.slice(arn.indexOf('targetgroup/'));
}

/** The LoadBalancer dimension: the load balancer ARN after `loadbalancer/`. */
function loadBalancerDimension(arn: string): string | undefined {
  const at = arn.indexOf(':loadbalancer/');
  return at >= 0 ? arn.slice(at + ':loadbalancer/'.length) : undefined;
}

function isNotFound(error: unknown): boolean {
  return (error as { name?: string })?.name === 'TargetGroupNotFoundException';
}

/**
 * The LoadBalancer dimension of each target group ARN, from
 * DescribeTargetGroups: one call per account and region and 20 ARNs. A batch
 * naming a target group deleted since it was located fails as a whole, so
 * that batch is asked again one by one; the deleted one is left out.
 */
async function describeLoadBalancers(
  arns: Array<{ arn: string } & AwsTarget>,
  deps: {
    clientFactory: AwsClientFactory;
    signal?: AbortSignal;
  },
): Promise<Map<string, string>> {
  const byTarget = new Map<string, { target: AwsTarget; arns: string[] }>();
  for (const { arn, accountId, region } of arns) {
    const key = `${accountId}/${region}`;
    const entry = byTarget.get(key) ?? {
      target: { accountId, region },
      arns: [],
    };
    entry.arns.push(arn);
    byTarget.set(key, entry);
  }
  const found = new Map<string, string>();
  const record = (groups: TargetGroup[] | undefined) => {
    for (const group of groups ?? []) {
      const lb = group.LoadBalancerArns?.map(loadBalancerDimension).find(
        Boolean,
      );
      if (group.TargetGroupArn && lb) {
        found.set(group.TargetGroupArn, lb);
      }
    }
  };
  await Promise.all(
    [...byTarget.values()].map(async ({ target, arns: list }) => {
      const client = deps.clientFactory.getClient(
        ElasticLoadBalancingV2Client,
        target,
      );
      const describe = async (batch: string[]) => {
        try {
          const output = await client.send(
            new DescribeTargetGroupsCommand({ TargetGroupArns: batch }),
            { abortSignal: deps.signal as any },
          );
          return output.TargetGroups;
        } catch (error) {
          if (isNotFound(error)) {
            throw error;
          }
          throw mapAwsError(error, {
            ...target,
            service: 'ElasticLoadBalancingV2',
            operation: 'DescribeTargetGroups',
          });
        }
      };
      for (const batch of chunk(
        [...new Set(list)],
        AWS_LIMITS.elbv2DescribeTargetGroupsArns,
      )) {
        try {
          record(await describe(batch));
        } catch (error) {
          if (!isNotFound(error)) {
            throw error;
          }
          for (const arn of batch) {
            try {
              record(await describe([arn]));
            } catch (single) {
              if (!isNotFound(single)) {
                throw single;
              }
            }
          }
        }
      }
    }),
  );
  return found;
}

/**
 * How each component is measured in the environment: requests when it has a
 * target group behind a load balancer (all of them, across the environment's
 * regions), else the health of its ECS services or EKS workloads; components
 * without either are left out. Target groups whose load balancer is already
 * known (from stored series) are not described again.
 */
export async function resolveSliSources(deps: {
  components: ShipyardComponent[];
  environment: string;
  locator: Pick<ResourceLocator, 'locateMany'>;
  clientFactory: AwsClientFactory;
  /** TargetGroup dimension → LoadBalancer dimension. */
  knownLoadBalancers: Map<string, string>;
  signal?: AbortSignal;
}): Promise<MeasuredComponent[]> {
  const { environment } = deps;
  const components = deps.components.filter(c =>
    componentRunsIn(c.annotations, environment),
  );
  if (components.length === 0) {
    return [];
  }
  const located = await deps.locator.locateMany(
    components.map(c => ({
      componentTagValue: c.annotations.componentTagValue,
      runtime: c.annotations.runtime,
    })),
    environment,
    { signal: deps.signal },
  );
  const targetGroups = components.flatMap(
    c => located.get(c.annotations.componentTagValue)?.targetGroups ?? [],
  );
  const unknown = targetGroups.filter(
    tg => !deps.knownLoadBalancers.has(targetGroupDimension(tg.arn)),
  );
  const described = unknown.length
    ? await describeLoadBalancers(unknown, deps)
    : new Map<string, string>();
  const loadBalancerOf = (arn: string) =>
    deps.knownLoadBalancers.get(targetGroupDimension(arn)) ??
    described.get(arn);

  const measured: MeasuredComponent[] = [];
  for (const component of components) {
    const resources = located.get(component.annotations.componentTagValue);
    if (!resources) {
      continue;
    }
    const groups: TargetGroupSource[] = resources.targetGroups.flatMap(tg => {
      const loadBalancer = loadBalancerOf(tg.arn);
      return loadBalancer
        ? [
            {
              targetGroup: targetGroupDimension(tg.arn),
              loadBalancer,
              accountId: tg.accountId,
              region: tg.region,
            },
          ]
        : [];
    });
    if (groups.length) {
      measured.push({
        entityRef: component.ref,
        environment,
        source: { kind: 'requests', targetGroups: groups },
      });
      continue;
    }
    const workloads: WorkloadSource[] = [
      ...resources.ecsServices.map(s => ({
        runtime: 'ecs' as const,
        cluster: s.cluster,
        service: s.name,
        accountId: s.accountId,
        region: s.region,
      })),
      // Container Insights names the namespace; a workload without one
      // cannot be queried.
      ...resources.eksWorkloads.flatMap(w =>
        w.namespace
          ? [
              {
                runtime: 'eks' as const,
                cluster: w.cluster,
                service: w.name,
                namespace: w.namespace,
                accountId: w.accountId,
                region: w.region,
              },
            ]
          : [],
      ),
    ];
    if (workloads.length) {
      measured.push({
        entityRef: component.ref,
        environment,
        source: { kind: 'health', workloads },
      });
    }
  }
  return measured;
}
