import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type Tag,
} from '@aws-sdk/client-ecs';
import {
  DEMO_COMPONENTS,
  DEMO_DEPLOYERS,
  PLATFORM_OWNER,
  SHIPYARD_DEPLOYMENT_TAGS,
} from '../../scenario/demoOrganisation';
import { deploymentTags } from '../../scenario/deploymentTags';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { CRASH_EXIT_CODE } from '../../state/crashLoop';
import { imageRevision } from '../../state/TaskDefinitionStore';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';

const PROD = '222222222222';
const REGISTRY = `${PROD}.dkr.ecr.eu-west-1.amazonaws.com`;

const tagMap = (tags: Tag[] | undefined) =>
  Object.fromEntries((tags ?? []).map(t => [t.key!, t.value!]));

/** What the deployments backend asks ECS for, through the real SDK. */
describe('ECS deployments and rollback', () => {
  let now: Date;
  let server: SandboxServer;
  let ecs: ECSClient;
  let cloudwatch: CloudWatchClient;
  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };
  const prodService = (component: string) =>
    server.scenario.findServices({
      component,
      environment: 'prod',
      region: 'eu-west-1',
    })[0];
  const describeCheckout = async () =>
    (
      await ecs.send(
        new DescribeServicesCommand({
          cluster: 'prod-apps',
          services: ['checkout-api'],
        }),
      )
    ).services![0];
  const describeTasks = async (desiredStatus: 'RUNNING' | 'STOPPED') => {
    const { taskArns } = await ecs.send(
      new ListTasksCommand({
        cluster: 'prod-apps',
        serviceName: 'checkout-api',
        desiredStatus,
      }),
    );
    if (taskArns!.length === 0) {
      return [];
    }
    return (
      await ecs.send(
        new DescribeTasksCommand({ cluster: 'prod-apps', tasks: taskArns }),
      )
    ).tasks!;
  };

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      rolloutSeconds: 20,
    });
    ecs = new ECSClient(sandboxClientConfig(server, { accountId: PROD }));
    cloudwatch = new CloudWatchClient(
      sandboxClientConfig(server, { accountId: PROD }),
    );
  });

  afterEach(async () => {
    ecs.destroy();
    cloudwatch.destroy();
    await server.close();
  });

  it("describes services with the catalog's link tags, who deployed them, their rollout and events", async () => {
    const services = server.scenario.services.filter(
      s => s.accountId === PROD && s.cluster === 'prod-apps',
    );
    const { services: described } = await ecs.send(
      new DescribeServicesCommand({
        cluster: 'prod-apps',
        services: services.map(s => s.name),
        include: ['TAGS'],
      }),
    );
    expect(described).toHaveLength(services.length);
    for (const service of services) {
      const ecsService = described!.find(d => d.serviceName === service.name)!;
      const component = DEMO_COMPONENTS.find(c => c.name === service.name)!;
      const latest = service.deployments.at(-1)!;
      const tags = tagMap(ecsService.tags);
      expect(tags).toEqual({
        'shipyard:component': component.name,
        'shipyard:environment': 'prod',
        'shipyard:owner': component.owner,
        'shipyard:system': component.system,
        ...deploymentTags(latest),
      });
      expect([
        ...DEMO_DEPLOYERS[component.owner],
        ...DEMO_DEPLOYERS[PLATFORM_OWNER],
      ]).toContain(tags[SHIPYARD_DEPLOYMENT_TAGS.deployedBy]);
      expect(tags[SHIPYARD_DEPLOYMENT_TAGS.deployedAt]).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
      );
      expect(ecsService.taskDefinition).toBe(latest.taskDefinitionArn);
      expect(ecsService.deployments).toEqual([
        expect.objectContaining({
          status: 'PRIMARY',
          rolloutState: 'COMPLETED',
          taskDefinition: latest.taskDefinitionArn,
          failedTasks: 0,
        }),
      ]);
      expect(ecsService.events![0].message).toBe(
        `(service ${service.name}) has reached a steady state.`,
      );
    }
  });

  it('describes a revision with its container, the commit it was built from and who deployed it', async () => {
    const service = prodService('checkout-api');
    const previous = service.deployments.filter(d => d.reason === 'release')[
      service.deployments.filter(d => d.reason === 'release').length - 2
    ];
    const { taskDefinition, tags } = await ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: previous.taskDefinitionArn,
        include: ['TAGS'],
      }),
    );
    expect(taskDefinition).toMatchObject({
      family: 'checkout-api-prod',
      revision: previous.revision,
      status: 'ACTIVE',
      registeredAt: previous.deployedAt,
    });
    const [container] = taskDefinition!.containerDefinitions!;
    expect(container).toMatchObject({
      name: 'checkout-api',
      image: previous.image,
      cpu: service.cpu,
      memory: service.memory,
    });
    expect(container.environment!.map(e => e.name)).toEqual([
      'SHIPYARD_ENVIRONMENT',
      'SHIPYARD_VERSION',
    ]);
    expect(container.secrets!.map(s => s.name)).toEqual([
      'DATABASE_URL',
      'SENTRY_DSN',
    ]);
    const sha = container.dockerLabels!['org.opencontainers.image.revision'];
    expect(sha).toMatch(/^[0-9a-f]{40}$/);
    expect(sha).toBe(imageRevision('checkout-api', previous.imageTag));
    // The same commit runs in every environment it was promoted to.
    const staging = server.scenario
      .findServices({ component: 'checkout-api', environment: 'staging' })[0]
      .deployments.find(d => d.imageTag === previous.imageTag)!;
    const dev = new ECSClient(sandboxClientConfig(server));
    const stagingRevision = await dev.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: staging.taskDefinitionArn,
      }),
    );
    dev.destroy();
    expect(
      stagingRevision.taskDefinition!.containerDefinitions![0].dockerLabels![
        'org.opencontainers.image.revision'
      ],
    ).toBe(sha);
    expect(tagMap(tags)).toEqual({
      'shipyard:component': 'checkout-api',
      'shipyard:environment': 'prod',
      'shipyard:owner': 'team-storefront',
      'shipyard:system': 'storefront',
      'shipyard:deployed-by': previous.deployedBy,
      'shipyard:deployed-at': previous.deployedAt
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      // The commit the pipeline built: the image label's, and when it was made.
      'shipyard:commit-sha': sha,
      'shipyard:committed-at': previous.committedAt
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
    });
  });

  it("lists a family's ACTIVE revisions newest first: the rollback candidates", async () => {
    const service = prodService('checkout-api');
    const releases = service.deployments.filter(d => d.reason === 'release');
    const { taskDefinitionArns } = await ecs.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: 'checkout-api-prod',
        sort: 'DESC',
        status: 'ACTIVE',
      }),
    );
    expect(taskDefinitionArns!.length).toBeGreaterThanOrEqual(3);
    expect(taskDefinitionArns).toEqual(
      releases.map(d => d.taskDefinitionArn).reverse(),
    );
    expect(taskDefinitionArns![0]).toBe(
      `arn:aws:ecs:eu-west-1:${PROD}:task-definition/checkout-api-prod:${releases.length}`,
    );
  });

  it('rolls back to an earlier revision of the family over the rollout time, stopping the old tasks', async () => {
    const before = await describeCheckout();
    const desired = before.desiredCount!;
    const releases = prodService('checkout-api').deployments.filter(
      d => d.reason === 'release',
    );
    const target = releases.at(-2)!.taskDefinitionArn!;
    expect(before.taskDefinition).toBe(releases.at(-1)!.taskDefinitionArn);

    const { service: started } = await ecs.send(
      new UpdateServiceCommand({
        cluster: 'prod-apps',
        service: 'checkout-api',
        taskDefinition: target,
      }),
    );
    expect(started!.taskDefinition).toBe(target);
    expect(started!.deployments).toEqual([
      expect.objectContaining({
        status: 'PRIMARY',
        taskDefinition: target,
        rolloutState: 'IN_PROGRESS',
        runningCount: 0,
      }),
      expect.objectContaining({
        status: 'ACTIVE',
        taskDefinition: before.taskDefinition,
        runningCount: desired,
      }),
    ]);
    const rollout = started!.deployments![0].id!;

    advance(20);
    const done = await describeCheckout();
    expect(done.deployments).toEqual([
      expect.objectContaining({
        id: rollout,
        rolloutState: 'COMPLETED',
        runningCount: desired,
      }),
    ]);
    expect(done.events!.slice(0, 3).map(e => e.message)).toEqual([
      '(service checkout-api) has reached a steady state.',
      `(service checkout-api) deployment ${rollout} deployment completed.`,
      `(service checkout-api) has started ${desired} tasks: (deployment ${rollout}).`,
    ]);

    const running = await describeTasks('RUNNING');
    expect(running.map(t => t.taskDefinitionArn)).toEqual(
      Array(desired).fill(target),
    );
    const stopped = await describeTasks('STOPPED');
    expect(stopped).toHaveLength(desired);
    for (const task of stopped) {
      expect(task).toMatchObject({
        taskDefinitionArn: before.taskDefinition,
        lastStatus: 'STOPPED',
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: expect.stringContaining('Scaling activity'),
      });
      expect(task.containers![0].exitCode).toBe(0);
    }
  });

  it('refuses unknown and malformed revisions with the errors ECS gives', async () => {
    const update = (taskDefinition: string) =>
      ecs.send(
        new UpdateServiceCommand({
          cluster: 'prod-apps',
          service: 'checkout-api',
          taskDefinition,
        }),
      );
    await expect(update('checkout-api-prod:999')).rejects.toMatchObject({
      name: 'ClientException',
      message: 'TaskDefinition not found.',
    });
    await expect(
      update(
        `arn:aws:ecs:eu-central-1:${PROD}:task-definition/checkout-api-prod:1`,
      ),
    ).rejects.toMatchObject({ name: 'ClientException' });
    await expect(update('checkout-api-prod:latest')).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: 'Invalid revision number.',
    });
    await expect(
      update(
        `arn:aws:ecs:eu-west-1:${PROD}:task-definition/checkout-api-prod:`,
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    // Nothing was started.
    expect((await describeCheckout()).deployments).toHaveLength(1);

    // ECS itself accepts another family's revision: keeping a rollback within the family is
    // the caller's check.
    const { service } = await update('ledger-service-prod:1');
    expect(service!.taskDefinition).toBe(
      `arn:aws:ecs:eu-west-1:${PROD}:task-definition/ledger-service-prod:1`,
    );
  });

  it('crash-loops a bad image deployed to prod until it is rolled back: exit code 137, failed tasks, alarms', async () => {
    const good = (await describeCheckout()).taskDefinition!;
    const { taskDefinition: bad, tags } = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: 'checkout-api-prod',
        cpu: '512',
        memory: '1024',
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        containerDefinitions: [
          {
            name: 'checkout-api',
            image: `${REGISTRY}/checkout-api:9.9.9-bad`,
            essential: true,
          },
        ],
        tags: [
          { key: 'shipyard:component', value: 'checkout-api' },
          { key: 'shipyard:deployed-by', value: 'ana.lima' },
        ],
      }),
    );
    expect(tagMap(tags)['shipyard:deployed-by']).toBe('ana.lima');
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'prod-apps',
        service: 'checkout-api',
        taskDefinition: bad!.taskDefinitionArn,
      }),
    );
    const deployedAt = now.getTime();
    now = new Date(deployedAt + 10 * 60_000);

    const service = await describeCheckout();
    const desired = service.desiredCount!;
    expect(service.deployments).toEqual([
      expect.objectContaining({
        taskDefinition: bad!.taskDefinitionArn,
        rolloutState: 'COMPLETED',
        failedTasks: expect.any(Number),
      }),
    ]);
    // Each replica is killed every two minutes and replaced at once.
    expect(service.deployments![0].failedTasks).toBeGreaterThanOrEqual(
      4 * desired,
    );
    expect(await describeTasks('RUNNING')).toHaveLength(desired);
    const crashed = (await describeTasks('STOPPED')).filter(
      t => t.stopCode === 'EssentialContainerExited',
    );
    expect(crashed.length).toBeGreaterThanOrEqual(4 * desired);
    expect(crashed[0]).toMatchObject({
      taskDefinitionArn: bad!.taskDefinitionArn,
      stoppedReason: 'Essential container in task exited',
      healthStatus: 'UNHEALTHY',
    });
    expect(crashed[0].containers![0]).toMatchObject({
      exitCode: CRASH_EXIT_CODE,
      reason: expect.stringContaining('OutOfMemoryError'),
    });
    const alarm = async () =>
      (
        await cloudwatch.send(
          new DescribeAlarmsCommand({
            AlarmNames: ['checkout-api-prod-error-rate'],
          }),
        )
      ).MetricAlarms![0].StateValue;
    expect(await alarm()).toBe('ALARM');
    expect(server.state.isDegraded(prodService('checkout-api').id)).toBe(true);

    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'prod-apps',
        service: 'checkout-api',
        taskDefinition: good,
      }),
    );
    advance(10 * 60);
    expect(server.state.isDegraded(prodService('checkout-api').id)).toBe(false);
    expect(await alarm()).toBe('OK');
    expect(
      (await describeTasks('RUNNING')).map(t => t.taskDefinitionArn),
    ).toEqual(Array(desired).fill(good));
  });
});
