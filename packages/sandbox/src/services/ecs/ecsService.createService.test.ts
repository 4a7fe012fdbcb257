import {
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Tag,
} from '@aws-sdk/client-ecs';
import {
  GetResourcesCommand,
  ResourceGroupsTaggingAPIClient,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';

const tagMap = (tags: Tag[] | undefined) =>
  Object.fromEntries((tags ?? []).map(t => [t.key!, t.value!]));

const LINK_TAGS = [
  { key: 'shipyard:component', value: 'basket-api' },
  { key: 'shipyard:environment', value: 'dev' },
  { key: 'shipyard:owner', value: 'team-storefront' },
  { key: 'shipyard:system', value: 'storefront' },
];

describe('ECS CreateService', () => {
  let now: Date;
  let server: SandboxServer;
  let ecs: ECSClient;

  const register = async (tag: string) =>
    (
      await ecs.send(
        new RegisterTaskDefinitionCommand({
          family: 'basket-api-dev',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          cpu: '256',
          memory: '512',
          containerDefinitions: [
            {
              name: 'basket-api',
              image: `111111111111.dkr.ecr.eu-west-1.amazonaws.com/basket-api:${tag}`,
              portMappings: [{ containerPort: 8080 }],
            },
          ],
          tags: LINK_TAGS,
        }),
      )
    ).taskDefinition!.taskDefinitionArn!;
  const create = (taskDefinition: string) =>
    ecs.send(
      new CreateServiceCommand({
        cluster: 'dev-apps',
        serviceName: 'basket-api',
        taskDefinition,
        desiredCount: 2,
        launchType: 'FARGATE',
        loadBalancers: [
          {
            targetGroupArn:
              'arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/basket-api-dev/0123456789abcdef',
            containerName: 'basket-api',
            containerPort: 8080,
          },
        ],
        deploymentConfiguration: {
          deploymentCircuitBreaker: { enable: true, rollback: true },
        },
        tags: LINK_TAGS,
      }),
    );
  const describeBasket = async () =>
    (
      await ecs.send(
        new DescribeServicesCommand({
          cluster: 'dev-apps',
          services: ['basket-api'],
          include: ['TAGS'],
        }),
      )
    ).services![0];

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      rolloutSeconds: 20,
    });
    ecs = new ECSClient(sandboxClientConfig(server, { maxAttempts: 1 }));
  });

  afterEach(async () => {
    ecs.destroy();
    await server.close();
  });

  it('creates a tagged service that rolls out its task definition and is then listed, described and found by its tags', async () => {
    const first = await register('a'.repeat(40));
    const { service } = await create(first);
    expect(service).toMatchObject({
      serviceName: 'basket-api',
      serviceArn:
        'arn:aws:ecs:eu-west-1:111111111111:service/dev-apps/basket-api',
      taskDefinition: first,
      desiredCount: 2,
      runningCount: 0,
      deployments: [
        expect.objectContaining({
          status: 'PRIMARY',
          rolloutState: 'IN_PROGRESS',
          taskDefinition: first,
        }),
      ],
      loadBalancers: [expect.objectContaining({ containerPort: 8080 })],
    });
    expect(tagMap(service!.tags)).toEqual(tagMap(LINK_TAGS));

    now = new Date(now.getTime() + 20_000);
    expect(await describeBasket()).toMatchObject({
      runningCount: 2,
      deployments: [
        expect.objectContaining({ rolloutState: 'COMPLETED', runningCount: 2 }),
      ],
    });
    const { serviceArns } = await ecs.send(
      new ListServicesCommand({ cluster: 'dev-apps', maxResults: 100 }),
    );
    expect(serviceArns).toContain(service!.serviceArn);

    const tagging = new ResourceGroupsTaggingAPIClient(
      sandboxClientConfig(server),
    );
    const { ResourceTagMappingList } = await tagging.send(
      new GetResourcesCommand({
        TagFilters: [{ Key: 'shipyard:component', Values: ['basket-api'] }],
        ResourceTypeFilters: ['ecs:service'],
      }),
    );
    tagging.destroy();
    expect(ResourceTagMappingList!.map(r => r.ResourceARN)).toEqual([
      service!.serviceArn,
    ]);

    // The pipeline's next deploy updates the created service like any other.
    const second = await register('b'.repeat(40));
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'dev-apps',
        service: 'basket-api',
        taskDefinition: second,
      }),
    );
    now = new Date(now.getTime() + 20_000);
    expect((await describeBasket()).taskDefinition).toBe(second);
  });

  it('refuses a second service of the same name and a missing task definition, as ECS does', async () => {
    const first = await register('a'.repeat(40));
    await create(first);
    await expect(create(first)).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Creation of service was not idempotent.',
    });
    await expect(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'dev-apps',
          serviceName: 'other-api',
          taskDefinition: 'other-api-dev',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ClientException' });
    await expect(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'no-such-cluster',
          serviceName: 'other-api',
          taskDefinition: first,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
    // A target group of another account cannot be on this environment's load balancer.
    await expect(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'dev-apps',
          serviceName: 'other-api',
          taskDefinition: first,
          loadBalancers: [
            {
              targetGroupArn:
                'arn:aws:elasticloadbalancing:eu-west-1:222222222222:targetgroup/other-api-dev/0123456789abcdef',
              containerName: 'other-api',
              containerPort: 8080,
            },
          ],
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(
      ecs.send(
        new CreateServiceCommand({
          cluster: 'dev-apps',
          serviceName: 'bad name',
          taskDefinition: first,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });
});
