import type {
  CreateServiceRequest,
  CreateServiceResponse,
  RegisterTaskDefinitionRequest,
  RegisterTaskDefinitionResponse,
} from '@aws-sdk/client-ecs';
import type { SandboxServer } from '../server/createSandboxServer';
import { stableHex } from '../scenario/stableHex';

/**
 * One ECS call on the wire (awsJson1_1), as the AWS CLI or Terraform's provider makes it. The
 * sandbox reads the account and region from the SigV4 credential scope and does not check the
 * signature. Plain HTTP keeps the sandbox free of runtime dependencies; its tests check the
 * outcome through the SDK.
 */
async function ecsCall<TOutput>(
  url: string,
  scope: { accountId: string; region: string },
  operation: string,
  input: object,
): Promise<TOutput> {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AmazonEC2ContainerServiceV20141113.${operation}`,
      authorization: `AWS4-HMAC-SHA256 Credential=SANDBOX${
        scope.accountId
      }/${date}/${
        scope.region
      }/ecs/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`,
    },
    body: JSON.stringify(input),
  });
  const body = await response.json();
  if (!response.ok) {
    throw new Error(
      `ECS ${operation} failed (${response.status}): ${body.__type ?? ''} ${
        body.message ?? body.Message ?? ''
      }`.trim(),
    );
  }
  return body as TOutput;
}

/**
 * The part of a generated ECS service's `infra/shipyard.auto.tfvars.json` (written by Shipyard's
 * ecs-service template) that the service's creation reads.
 *
 * @public
 */
export interface EcsServiceTfvars {
  service: {
    name: string;
    owner: string;
    system: string;
    cpu: number;
    memory: number;
    port: number;
    desired_count: number;
  };
  environments: Record<
    string,
    { account_id: string; region: string; cluster: string }
  >;
}

/**
 * Creates a generated service's ECS service in a sandbox as its Terraform (`infra/`, the
 * `infra:<environment>` job) would, since terraform is not run against the sandbox: the
 * bootstrap task definition revision of `image` and the service running it with the deployment
 * circuit breaker behind its target group on the environment's load balancer, both tagged with
 * the four link tags as the provider's `default_tags` tag them.
 * After it, the pipeline's `deploy:<environment>` job finds the service and rolls it onto the
 * commit's revision.
 *
 * The canonical version: `scripts/demo-pipeline.sh` and the ECS skeleton's `ci/README.md` do
 * the same with the AWS CLI.
 *
 * @public
 */
export async function createEcsServiceAsTerraform(
  server: Pick<SandboxServer, 'url'>,
  options: {
    /** The parsed `infra/shipyard.auto.tfvars.json` of the generated repository. */
    tfvars: EcsServiceTfvars;
    /** One of the tfvars' environments, e.g. `dev`. */
    environment: string;
    /** The bootstrap revision's image, e.g. `<repository>:bootstrap`. */
    image: string;
  },
): Promise<{
  taskDefinitionArn: string;
  serviceArn: string;
  targetGroupArn: string;
}> {
  const { tfvars, environment, image } = options;
  const env = tfvars.environments?.[environment];
  if (!env) {
    throw new TypeError(
      `createEcsServiceAsTerraform: environment "${environment}" is not among the tfvars' environments (${Object.keys(
        tfvars.environments ?? {},
      ).join(', ')})`,
    );
  }
  const { service } = tfvars;
  const tags = [
    { key: 'shipyard:component', value: service.name },
    { key: 'shipyard:environment', value: environment },
    { key: 'shipyard:owner', value: service.owner },
    { key: 'shipyard:system', value: service.system },
  ];
  const scope = { accountId: env.account_id, region: env.region };
  const registered = await ecsCall<RegisterTaskDefinitionResponse>(
    server.url,
    scope,
    'RegisterTaskDefinition',
    {
      family: `${service.name}-${environment}`,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(service.cpu),
      memory: String(service.memory),
      containerDefinitions: [
        {
          name: service.name,
          image,
          essential: true,
          portMappings: [{ containerPort: service.port, protocol: 'tcp' }],
        },
      ],
      tags,
    } satisfies RegisterTaskDefinitionRequest,
  );
  const taskDefinitionArn = registered.taskDefinition!.taskDefinitionArn!;
  // The target group `aws_lb_target_group.this` creates (name_prefix `svc-`) on the environment's
  // load balancer; the sandbox has no CreateTargetGroup, so the service's load balancer block
  // naming it is what makes Elastic Load Balancing describe it.
  const key = `${scope.accountId}/${scope.region}/${environment}/${service.name}`;
  const targetGroupArn = `arn:aws:elasticloadbalancing:${scope.region}:${
    scope.accountId
  }:targetgroup/svc-${stableHex(`tg-name/${key}`, 26)}/${stableHex(
    `tg/${key}`,
    16,
  )}`;
  const created = await ecsCall<CreateServiceResponse>(
    server.url,
    scope,
    'CreateService',
    {
      cluster: env.cluster,
      serviceName: service.name,
      taskDefinition: taskDefinitionArn,
      desiredCount: service.desired_count,
      launchType: 'FARGATE',
      loadBalancers: [
        {
          targetGroupArn,
          containerName: service.name,
          containerPort: service.port,
        },
      ],
      deploymentConfiguration: {
        deploymentCircuitBreaker: { enable: true, rollback: true },
        minimumHealthyPercent: 100,
        maximumPercent: 200,
      },
      tags,
    } satisfies CreateServiceRequest,
  );
  return {
    taskDefinitionArn,
    serviceArn: created.service!.serviceArn!,
    targetGroupArn,
  };
}
