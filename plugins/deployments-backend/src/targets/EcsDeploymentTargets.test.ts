import {
  DescribeServicesCommand,
  DescribeServicesCommandInput,
  DescribeTaskDefinitionCommand,
  DescribeTaskDefinitionCommandInput,
  DescribeTasksCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  ListTasksCommandInput,
  Service,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_SHIPYARD_TAG_KEYS,
  LocatedResources,
} from '@internal/plugin-aws-common';
import {
  AwsServiceUnavailableError,
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
  ShipyardComponent,
} from '@internal/plugin-aws-node';
import { mockClient } from 'aws-sdk-client-mock';
import { sandboxPortalConfig } from 'sandbox';
import { EcsDeploymentTargets } from './EcsDeploymentTargets';

const PROD = '222222222222';
const REGION = 'eu-west-1';
const CLUSTER = 'prod-apps';

const serviceArn = (name: string) =>
  `arn:aws:ecs:${REGION}:${PROD}:service/${CLUSTER}/${name}`;
const taskDefinitionArn = (family: string, revision: number) =>
  `arn:aws:ecs:${REGION}:${PROD}:task-definition/${family}:${revision}`;

const component = (name: string): ShipyardComponent => ({
  ref: `component:default/${name}`,
  annotations: { componentTagValue: name, runtime: 'ecs' },
  owner: 'group:default/team-storefront',
  system: 'system:default/storefront',
});

const ecsService = (name: string): Service => ({
  serviceArn: serviceArn(name),
  serviceName: name,
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  taskDefinition: taskDefinitionArn(`${name}-prod`, 3),
  deployments: [
    {
      id: 'ecs-svc/1',
      status: 'PRIMARY',
      taskDefinition: taskDefinitionArn(`${name}-prod`, 3),
      rolloutState: 'COMPLETED',
      createdAt: new Date('2026-03-01T10:00:00Z'),
    },
  ],
  events: [],
  tags: [],
});

describe('EcsDeploymentTargets', () => {
  const ecs = mockClient(ECSClient);
  let factory: DefaultAwsClientFactory;

  /** Serves DescribeServices from these services; others are MISSING. */
  function serveServices(services: Service[]) {
    ecs
      .on(DescribeServicesCommand)
      .callsFake((input: DescribeServicesCommandInput) => ({
        services: services.filter(s => input.services!.includes(s.serviceArn!)),
        failures: input
          .services!.filter(arn => !services.some(s => s.serviceArn === arn))
          .map(arn => ({ arn, reason: 'MISSING' })),
      }));
  }

  /** Serves task definitions, with these tags (and image tag) by ARN. */
  function serveTaskDefinitions(
    tagsByArn: Record<string, Record<string, string>> = {},
    imageTag = '1.0.0',
  ) {
    ecs.on(ListTaskDefinitionsCommand).resolves({ taskDefinitionArns: [] });
    ecs
      .on(DescribeTaskDefinitionCommand)
      .callsFake((input: DescribeTaskDefinitionCommandInput) => {
        const arn = input.taskDefinition!;
        const [family, revision] = arn.split('/')[1].split(':');
        return {
          taskDefinition: {
            taskDefinitionArn: arn,
            family,
            revision: Number(revision),
            containerDefinitions: [
              { name: 'app', image: `registry/${family}:${imageTag}` },
            ],
          },
          tags: Object.entries(tagsByArn[arn] ?? {}).map(([key, value]) => ({
            key,
            value,
          })),
        };
      });
  }

  function createTargets(names: string[]) {
    const config = new ConfigReader(sandboxPortalConfig());
    factory = DefaultAwsClientFactory.fromConfig(config, {
      counter: DefaultAwsCallCounter.create(),
    });
    return EcsDeploymentTargets.create({
      environments: DefaultShipyardEnvironments.fromConfig(config),
      clientFactory: factory,
      locator: {
        locateMany: async (components, environment) =>
          new Map(
            components.map(c => [
              c.componentTagValue,
              {
                environment,
                componentTagValue: c.componentTagValue,
                ecsServices: names.includes(c.componentTagValue)
                  ? [
                      {
                        arn: serviceArn(c.componentTagValue),
                        cluster: CLUSTER,
                        name: c.componentTagValue,
                        accountId: PROD,
                        region: REGION,
                      },
                    ]
                  : [],
                eksWorkloads: [],
                targetGroups: [],
                alarms: [],
              } satisfies LocatedResources,
            ]),
          ),
      },
      tagKeys: DEFAULT_SHIPYARD_TAG_KEYS,
    });
  }

  const collect = (
    targets: EcsDeploymentTargets,
    names: string[],
  ): ReturnType<EcsDeploymentTargets['collect']> =>
    targets.collect({
      environment: 'prod',
      components: names.map(component),
      knownRevisionIds: async () => new Set(),
    });

  beforeEach(() => {
    ecs.reset();
    ecs.on(ListTasksCommand).resolves({ taskArns: [] });
  });

  afterEach(() => factory?.destroy());

  it('surfaces throttling of DescribeServices as a 503 saying to retry, not as an empty environment', async () => {
    ecs.on(DescribeServicesCommand).rejects(
      Object.assign(new Error('Rate exceeded'), {
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400, requestId: 'req-1' },
      }),
    );
    const targets = createTargets(['checkout-api']);
    const error = await collect(targets, ['checkout-api']).catch(e => e);
    expect(error).toBeInstanceOf(AwsServiceUnavailableError);
    expect(error).toMatchObject({
      awsErrorName: 'ThrottlingException',
      retryAfterSeconds: expect.any(Number),
    });
    expect(error.message).toContain('ECS:DescribeServices');
    expect(error.message).toContain(PROD);
  });

  it('yields a failure row for a stopped task that has no containers', async () => {
    serveServices([ecsService('checkout-api')]);
    serveTaskDefinitions();
    const stoppedAt = new Date('2026-03-01T10:05:00Z');
    ecs
      .on(ListTasksCommand)
      .callsFake((input: ListTasksCommandInput) =>
        input.desiredStatus === 'STOPPED'
          ? { taskArns: [`arn:aws:ecs:${REGION}:${PROD}:task/${CLUSTER}/abc`] }
          : { taskArns: [] },
      );
    ecs.on(DescribeTasksCommand).resolves({
      tasks: [
        {
          taskArn: `arn:aws:ecs:${REGION}:${PROD}:task/${CLUSTER}/abc`,
          taskDefinitionArn: taskDefinitionArn('checkout-api-prod', 3),
          stopCode: 'TaskFailedToStart',
          stoppedReason: 'CannotPullContainerError: pull access denied',
          stoppedAt,
        },
      ],
    });
    const targets = createTargets(['checkout-api']);
    const collected = await collect(targets, ['checkout-api']);
    expect(collected.targets[0].target.failures).toEqual([
      {
        id: 'abc',
        at: stoppedAt.toISOString(),
        reason: 'CannotPullContainerError: pull access denied',
        revision: 'checkout-api-prod:3',
      },
    ]);
    expect(ecs.commandCalls(ListTasksCommand)[0].args[0].input).toMatchObject({
      cluster: CLUSTER,
      serviceName: 'checkout-api',
      desiredStatus: 'STOPPED',
    });
  });

  it('leaves out a service that has gone, and collects the others', async () => {
    serveServices([ecsService('checkout-api')]);
    serveTaskDefinitions();
    const targets = createTargets(['checkout-api', 'catalog-api']);
    const collected = await collect(targets, ['checkout-api', 'catalog-api']);
    expect(collected.targets.map(t => t.target.id)).toEqual([
      serviceArn('checkout-api'),
    ]);
  });

  it('describes at most 10 services per call', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `service-${i}`);
    serveServices(names.map(ecsService));
    serveTaskDefinitions();
    const targets = createTargets(names);
    const collected = await collect(targets, names);
    expect(collected.targets).toHaveLength(23);
    const batches = ecs
      .commandCalls(DescribeServicesCommand)
      .map(c => c.args[0].input);
    expect(batches.map(b => b.services!.length)).toEqual([10, 10, 3]);
    expect(batches.every(b => b.include?.includes('TAGS'))).toBe(true);
  });

  it("reads the pipeline's commit from the task definition's tags: the git SHA shown and the deployment's commit time", async () => {
    const sha = '3f9c2ab41d0e8c7b6a5f4e3d2c1b0a9f8e7d6c5b';
    serveServices([ecsService('checkout-api')]);
    // The image tag names another commit; the recorded one wins.
    serveTaskDefinitions(
      {
        [taskDefinitionArn('checkout-api-prod', 3)]: {
          'shipyard:deployed-by': 'ana.lima',
          'shipyard:deployed-at': '2026-03-01T10:00:05Z',
          'shipyard:commit-sha': sha,
          'shipyard:committed-at': '2026-02-28T16:47:55Z',
        },
      },
      '1.0.0-deadbeef',
    );
    const targets = createTargets(['checkout-api']);

    const collected = await collect(targets, ['checkout-api']);

    expect(collected.targets[0].target.running).toMatchObject({
      imageTag: '1.0.0-deadbeef',
      gitSha: sha,
      committedAt: '2026-02-28T16:47:55.000Z',
    });
    expect(collected.deployments).toEqual([
      expect.objectContaining({
        deployedAt: new Date('2026-03-01T10:00:05Z'),
        deployedBy: 'ana.lima',
        committedAt: new Date('2026-02-28T16:47:55Z'),
      }),
    ]);
  });

  it('ignores a malformed committed-at or commit-sha tag and still records the deployment', async () => {
    serveServices([ecsService('checkout-api')]);
    serveTaskDefinitions(
      {
        [taskDefinitionArn('checkout-api-prod', 3)]: {
          'shipyard:deployed-by': 'ana.lima',
          'shipyard:deployed-at': '2026-03-01T10:00:05Z',
          'shipyard:commit-sha': 'main',
          'shipyard:committed-at': 'Sat Feb 28 16:47:55 2026',
        },
      },
      '1.0.0-deadbeef',
    );
    const targets = createTargets(['checkout-api']);

    const collected = await collect(targets, ['checkout-api']);

    const running = collected.targets[0].target.running!;
    expect(running.gitSha).toBe('deadbeef');
    expect(running).not.toHaveProperty('committedAt');
    expect(collected.deployments).toHaveLength(1);
    expect(collected.deployments[0]).not.toHaveProperty('committedAt');
  });

  it('tags the service with the commit it rolls back to, beside who and when', async () => {
    const sha = '3f9c2ab41d0e8c7b6a5f4e3d2c1b0a9f8e7d6c5b';
    serveServices([ecsService('checkout-api')]);
    serveTaskDefinitions();
    ecs.on(UpdateServiceCommand).resolves({
      service: {
        deployments: [
          {
            status: 'PRIMARY',
            createdAt: new Date('2026-03-02T09:00:00Z'),
          },
        ],
      },
    });
    ecs.on(TagResourceCommand).resolves({});
    const targets = createTargets(['checkout-api']);
    const to = taskDefinitionArn('checkout-api-prod', 2);

    await targets.rollback({
      environment: 'prod',
      targetId: serviceArn('checkout-api'),
      to: {
        revision: {
          id: to,
          revision: 'checkout-api-prod:2',
          image: 'x',
          gitSha: sha,
          committedAt: '2026-02-27T08:00:00.000Z',
        },
        spec: { environment: [], secrets: [] },
        targetId: serviceArn('checkout-api'),
        family: 'checkout-api-prod',
      },
      requestedBy: 'user:default/sam.okafor',
    });

    expect(ecs.commandCalls(TagResourceCommand)[0].args[0].input).toEqual({
      resourceArn: serviceArn('checkout-api'),
      tags: [
        { key: 'shipyard:deployed-by', value: 'user:default/sam.okafor' },
        { key: 'shipyard:deployed-at', value: '2026-03-02T09:00:00Z' },
        { key: 'shipyard:commit-sha', value: sha },
        { key: 'shipyard:committed-at', value: '2026-02-27T08:00:00Z' },
      ],
    });
  });

  it('reports a refused TagResource after the rollback as a warning naming the permission, not as a failed rollback', async () => {
    serveServices([ecsService('checkout-api')]);
    serveTaskDefinitions();
    ecs.on(UpdateServiceCommand).resolves({});
    ecs.on(TagResourceCommand).rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDeniedException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const targets = createTargets(['checkout-api']);
    const to = taskDefinitionArn('checkout-api-prod', 2);
    const issued = await targets.rollback({
      environment: 'prod',
      targetId: serviceArn('checkout-api'),
      to: {
        revision: { id: to, revision: 'checkout-api-prod:2', image: 'x' },
        spec: { environment: [], secrets: [] },
        targetId: serviceArn('checkout-api'),
        family: 'checkout-api-prod',
      },
      requestedBy: 'user:default/sam.okafor',
    });
    expect(issued.warning).toMatch(
      /^The rollback is under way, but tagging the service with who rolled back failed: .*ecs:TagResource/,
    );
    expect(ecs.commandCalls(UpdateServiceCommand)[0].args[0].input).toEqual({
      cluster: CLUSTER,
      service: serviceArn('checkout-api'),
      taskDefinition: to,
    });
  });
});
