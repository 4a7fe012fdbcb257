import type { CreateServiceResponse } from '@aws-sdk/client-ecs';
import { SHIPYARD_TAGS } from '../../../scenario/demoOrganisation';
import type { ScenarioService } from '../../../scenario/Scenario';
import { InputReader } from '../../../server/InputReader';
import type {
  OperationContext,
  OperationHandler,
} from '../../../server/OperationHandler';
import { SandboxError } from '../../../server/SandboxError';
import { deploymentOfTaskDefinition } from '../deploymentOfTaskDefinition';
import { ECS_VALIDATION_ERROR } from '../ecsErrors';
import { resolveCluster } from '../resolveCluster';
import { toEcsService } from '../toEcsService';

const SERVICE_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,254}$/;
const TARGET_GROUP_ARN =
  /^arn:aws:elasticloadbalancing:([a-z0-9-]+):(\d{12}):targetgroup\/[A-Za-z0-9-]{1,32}\/[0-9a-f]{16}$/;
/** ECS allows at most 50 tags per resource. */
const MAX_TAGS = 50;

/**
 * Creates a replica service on Fargate that starts rolling out its task definition at once, as
 * the infrastructure code of a scaffolded service does on its first apply. Its `shipyard:*`
 * tags make it the component's service in that environment for the portal; the environment and
 * tier are the cluster's. A name taken in the cluster is refused, as ECS refuses a create that
 * is not idempotent.
 */
export const createService: OperationHandler<unknown, CreateServiceResponse> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, ECS_VALIDATION_ERROR);
  const name = reader.requiredString('serviceName');
  if (!SERVICE_NAME.test(name)) {
    throw reader.invalid(
      'Service name must start with a letter and contain up to 255 letters, numbers, hyphens and underscores.',
    );
  }
  const taskDefinitionRef = reader.requiredString('taskDefinition');
  const desiredCount =
    reader.integer('desiredCount', { min: 0, max: 5000 }) ?? 0;
  const launchType = reader.enumValue('launchType', [
    'EC2',
    'FARGATE',
    'EXTERNAL',
    'MANAGED_INSTANCES',
  ]);
  if (launchType !== undefined && launchType !== 'FARGATE') {
    throw reader.invalid('The sandbox runs services on Fargate only.');
  }
  const loadBalancer = reader.structureList('loadBalancers')?.[0];
  const targetGroupArn = loadBalancer?.string('targetGroupArn');
  const tagReaders = reader.structureList('tags', { maxItems: MAX_TAGS }) ?? [];
  const tags = Object.fromEntries(
    tagReaders.map(t => [
      t.requiredString('key', { minLength: 1, maxLength: 128 }),
      t.string('value', { maxLength: 256 }) ?? '',
    ]),
  );
  const cluster = resolveCluster(ctx, reader.string('cluster'));
  const services = ctx.state.services;
  if (services.find(ctx.accountId, ctx.region, cluster.name, name)) {
    throw reader.invalid('Creation of service was not idempotent.');
  }
  const record = ctx.state.taskDefinitions.resolve(
    ctx.accountId,
    ctx.region,
    taskDefinitionRef,
  );
  if (!record || record.taskDefinition.status !== 'ACTIVE') {
    throw new SandboxError(
      'ClientException',
      'TaskDefinition not found or inactive.',
    );
  }
  const environment = ctx.scenario.environment(cluster.environment);
  // The infrastructure code creates the target group on the environment's shared load balancer
  // before the service (the sandbox has no CreateTargetGroup): naming it here is what makes it
  // exist, so it must be one this account could have created in this region.
  const loadBalancerArn = targetGroupArn
    ? environmentLoadBalancer(ctx, cluster.environment, targetGroupArn)
    : undefined;
  const component = tags[SHIPYARD_TAGS.component] ?? name;
  const taskDefinition = record.taskDefinition;
  const arn = `arn:aws:ecs:${ctx.region}:${ctx.accountId}:service/${cluster.name}/${name}`;
  const service: ScenarioService = {
    id: `${ctx.accountId}/${ctx.region}/${cluster.name}/${name}`,
    component,
    baseComponent: component,
    type: loadBalancer ? 'service' : 'worker',
    owner: tags[SHIPYARD_TAGS.owner] ?? '',
    system: tags[SHIPYARD_TAGS.system] ?? '',
    runtime: 'ecs',
    environment: cluster.environment,
    tier: environment?.tier ?? 'dev',
    accountId: ctx.accountId,
    region: ctx.region,
    cluster: cluster.name,
    clusterArn: cluster.arn,
    name,
    arn,
    family: taskDefinition.family,
    desiredCount,
    cpu: Number(taskDefinition.cpu ?? 0),
    memory: Number(taskDefinition.memory ?? 0),
    containerPort: loadBalancer?.integer('containerPort'),
    targetGroupArn,
    loadBalancerArn,
    alarms: [],
    deployments: [],
    createdAt: ctx.now,
    tags,
  };
  services.add(service);
  services.startDeployment(
    service.id,
    deploymentOfTaskDefinition(taskDefinition, component),
    ctx.now,
  );
  ctx.state.tags.put({
    arn,
    resourceType: 'ecs:service',
    accountId: ctx.accountId,
    region: ctx.region,
    tags,
  });
  return { service: toEcsService(service, ctx.state, ctx.now, true) };
};

function environmentLoadBalancer(
  ctx: OperationContext,
  environment: string,
  targetGroupArn: string,
): string {
  const match = TARGET_GROUP_ARN.exec(targetGroupArn);
  const loadBalancer = ctx.scenario.loadBalancers.find(
    lb =>
      lb.environment === environment &&
      lb.accountId === ctx.accountId &&
      lb.region === ctx.region,
  );
  if (
    !match ||
    match[1] !== ctx.region ||
    match[2] !== ctx.accountId ||
    !loadBalancer
  ) {
    throw new SandboxError(
      ECS_VALIDATION_ERROR,
      `The target group with targetGroupArn ${targetGroupArn} does not have an associated load balancer.`,
    );
  }
  return loadBalancer.arn;
}
