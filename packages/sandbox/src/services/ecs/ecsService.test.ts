import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  paginateListServices,
} from '@aws-sdk/client-ecs';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';

const PROD = '222222222222';
const DEV = '111111111111';

describe('ECS', () => {
  let now: Date;
  let server: SandboxServer;
  const clients: ECSClient[] = [];
  const ecs = (
    options: { accountId?: string; region?: string; maxAttempts?: number } = {},
  ) => {
    const client = new ECSClient(sandboxClientConfig(server, options));
    clients.push(client);
    return client;
  };
  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      rolloutSeconds: 20,
    });
  });

  afterEach(async () => {
    clients.splice(0).forEach(c => c.destroy());
    await server.close();
  });

  describe('ListClusters', () => {
    it('lists the clusters of the calling account and region', async () => {
      const dev = await ecs().send(new ListClustersCommand({}));
      expect(dev.clusterArns).toEqual([
        `arn:aws:ecs:eu-west-1:${DEV}:cluster/dev-apps`,
        `arn:aws:ecs:eu-west-1:${DEV}:cluster/staging-apps`,
      ]);
      const dr = await ecs({ accountId: PROD, region: 'eu-central-1' }).send(
        new ListClustersCommand({}),
      );
      expect(dr.clusterArns).toEqual([
        `arn:aws:ecs:eu-central-1:${PROD}:cluster/prod-apps-dr`,
      ]);
    });

    it('paginates with nextToken', async () => {
      const client = ecs();
      const first = await client.send(
        new ListClustersCommand({ maxResults: 1 }),
      );
      expect(first.clusterArns).toHaveLength(1);
      expect(first.nextToken).toBeDefined();
      const second = await client.send(
        new ListClustersCommand({ maxResults: 1, nextToken: first.nextToken }),
      );
      expect(second.clusterArns).toEqual([
        `arn:aws:ecs:eu-west-1:${DEV}:cluster/staging-apps`,
      ]);
      expect(second.nextToken).toBeUndefined();
    });

    it('refuses maxResults above 100', async () => {
      await expect(
        ecs().send(new ListClustersCommand({ maxResults: 101 })),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });
  });

  describe('DescribeClusters', () => {
    it('describes clusters with their tags and counts, and reports missing ones', async () => {
      const result = await ecs({ accountId: PROD }).send(
        new DescribeClustersCommand({
          clusters: ['prod-apps', 'nope'],
          include: ['TAGS'],
        }),
      );
      expect(result.clusters).toHaveLength(1);
      const [cluster] = result.clusters!;
      expect(cluster).toMatchObject({
        clusterName: 'prod-apps',
        status: 'ACTIVE',
        activeServicesCount: 6,
        tags: expect.arrayContaining([
          { key: 'shipyard:environment', value: 'prod' },
        ]),
      });
      const desired = server.scenario.services
        .filter(s => s.cluster === 'prod-apps')
        .reduce((sum, s) => sum + s.desiredCount, 0);
      expect(cluster.runningTasksCount).toBe(desired);
      expect(result.failures).toEqual([
        {
          arn: `arn:aws:ecs:eu-west-1:${PROD}:cluster/nope`,
          reason: 'MISSING',
        },
      ]);
    });
  });

  describe('ListServices', () => {
    it('lists every service of a cluster across pages', async () => {
      const arns: string[] = [];
      for await (const page of paginateListServices(
        { client: ecs({ accountId: PROD }), pageSize: 4 },
        { cluster: 'prod-apps' },
      )) {
        expect(page.serviceArns!.length).toBeLessThanOrEqual(4);
        arns.push(...page.serviceArns!);
      }
      expect(arns.map(a => a.split('/').pop()).sort()).toEqual([
        'branch-inventory-worker',
        'catalog-api',
        'checkout-api',
        'ledger-service',
        'payments-gateway',
        'storefront-web',
      ]);
      expect(arns[0]).toMatch(
        new RegExp(`^arn:aws:ecs:eu-west-1:${PROD}:service/prod-apps/`),
      );
    });

    it('defaults to 10 per page and refuses more than 100', async () => {
      const big = await createSandboxServer({ port: 0, scale: 3 });
      try {
        const client = new ECSClient(
          sandboxClientConfig(big, { accountId: PROD }),
        );
        clients.push(client);
        const page = await client.send(
          new ListServicesCommand({ cluster: 'prod-apps' }),
        );
        expect(page.serviceArns).toHaveLength(10);
        expect(page.nextToken).toBeDefined();
        await expect(
          client.send(
            new ListServicesCommand({ cluster: 'prod-apps', maxResults: 101 }),
          ),
        ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      } finally {
        await big.close();
      }
    });

    it('fails for an unknown cluster and for a forged token', async () => {
      const client = ecs();
      await expect(
        client.send(new ListServicesCommand({ cluster: 'prod-apps' })),
      ).rejects.toMatchObject({ name: 'ClusterNotFoundException' });
      await expect(
        client.send(
          new ListServicesCommand({
            cluster: 'dev-apps',
            nextToken: 'garbage',
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });
  });

  describe('DescribeServices', () => {
    it('describes services with tags, load balancer and a completed deployment', async () => {
      const result = await ecs({ accountId: PROD }).send(
        new DescribeServicesCommand({
          cluster: 'prod-apps',
          services: ['checkout-api', 'ghost'],
          include: ['TAGS'],
        }),
      );
      const [service] = result.services!;
      const scenario = server.scenario.getService(
        `${PROD}/eu-west-1/prod-apps/checkout-api`,
      )!;
      const current = scenario.deployments[scenario.deployments.length - 1];
      expect(service).toMatchObject({
        serviceName: 'checkout-api',
        serviceArn: `arn:aws:ecs:eu-west-1:${PROD}:service/prod-apps/checkout-api`,
        status: 'ACTIVE',
        desiredCount: scenario.desiredCount,
        runningCount: scenario.desiredCount,
        taskDefinition: current.taskDefinitionArn,
        loadBalancers: [
          expect.objectContaining({ targetGroupArn: scenario.targetGroupArn }),
        ],
        tags: expect.arrayContaining([
          { key: 'shipyard:component', value: 'checkout-api' },
          { key: 'shipyard:environment', value: 'prod' },
          { key: 'shipyard:owner', value: 'team-storefront' },
          { key: 'shipyard:system', value: 'storefront' },
        ]),
      });
      expect(service.deployments).toHaveLength(1);
      expect(service.deployments![0]).toMatchObject({
        status: 'PRIMARY',
        rolloutState: 'COMPLETED',
        createdAt: current.deployedAt,
      });
      expect(service.events![0].message).toBe(
        '(service checkout-api) has reached a steady state.',
      );
      expect(result.failures).toEqual([
        {
          arn: `arn:aws:ecs:eu-west-1:${PROD}:service/prod-apps/ghost`,
          reason: 'MISSING',
        },
      ]);
    });

    it('leaves tags out unless asked for them', async () => {
      const result = await ecs().send(
        new DescribeServicesCommand({
          cluster: 'dev-apps',
          services: ['catalog-api'],
        }),
      );
      expect(result.services![0].tags).toBeUndefined();
    });

    it('refuses more than 10 services, as ECS does', async () => {
      const services = Array.from({ length: 11 }, (_, i) => `svc-${i}`);
      await expect(
        ecs().send(
          new DescribeServicesCommand({ cluster: 'dev-apps', services }),
        ),
      ).rejects.toMatchObject({
        name: 'InvalidParameterException',
        message: 'service names can have at most 10 items.',
      });
    });

    it('refuses a request without services', async () => {
      await expect(
        ecs().send(new DescribeServicesCommand({ cluster: 'dev-apps' } as any)),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
    });
  });

  describe('ListTasks and DescribeTasks', () => {
    it('lists the running tasks of a service and describes them', async () => {
      const client = ecs({ accountId: PROD });
      const scenario = server.scenario.getService(
        `${PROD}/eu-west-1/prod-apps/payments-gateway`,
      )!;
      const listed = await client.send(
        new ListTasksCommand({
          cluster: 'prod-apps',
          serviceName: 'payments-gateway',
        }),
      );
      expect(listed.taskArns).toHaveLength(scenario.desiredCount);
      const described = await client.send(
        new DescribeTasksCommand({
          cluster: 'prod-apps',
          tasks: listed.taskArns,
          include: ['TAGS'],
        }),
      );
      expect(described.failures).toEqual([]);
      expect(described.tasks).toHaveLength(scenario.desiredCount);
      const current = scenario.deployments[scenario.deployments.length - 1];
      for (const task of described.tasks!) {
        expect(task).toMatchObject({
          lastStatus: 'RUNNING',
          group: 'service:payments-gateway',
          taskDefinitionArn: current.taskDefinitionArn,
          containers: [expect.objectContaining({ image: current.image })],
          tags: expect.arrayContaining([
            { key: 'shipyard:component', value: 'payments-gateway' },
          ]),
        });
      }
    });

    it('reports unknown tasks as missing and refuses more than 100', async () => {
      const client = ecs();
      const missing = await client.send(
        new DescribeTasksCommand({
          cluster: 'dev-apps',
          tasks: ['0'.repeat(32)],
        }),
      );
      expect(missing.failures![0].reason).toBe('MISSING');
      await expect(
        client.send(
          new DescribeTasksCommand({
            cluster: 'dev-apps',
            tasks: Array.from({ length: 101 }, (_, i) => String(i)),
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(
        client.send(
          new ListTasksCommand({ cluster: 'dev-apps', serviceName: 'ghost' }),
        ),
      ).rejects.toMatchObject({ name: 'ServiceNotFoundException' });
    });
  });

  describe('task definitions', () => {
    it('describes the latest revision of a family with its tags', async () => {
      const scenario = server.scenario.getService(
        `${DEV}/eu-west-1/dev-apps/catalog-api`,
      )!;
      const latest = scenario.deployments[scenario.deployments.length - 1];
      const result = await ecs().send(
        new DescribeTaskDefinitionCommand({
          taskDefinition: 'catalog-api-dev',
          include: ['TAGS'],
        }),
      );
      expect(result.taskDefinition).toMatchObject({
        family: 'catalog-api-dev',
        revision: latest.revision,
        taskDefinitionArn: latest.taskDefinitionArn,
        status: 'ACTIVE',
        containerDefinitions: [
          expect.objectContaining({
            image: `${DEV}.dkr.ecr.eu-west-1.amazonaws.com/catalog-api:${latest.imageTag}`,
          }),
        ],
      });
      expect(result.taskDefinition!.registeredAt).toEqual(latest.deployedAt);
      expect(result.tags).toEqual(
        expect.arrayContaining([
          { key: 'shipyard:component', value: 'catalog-api' },
        ]),
      );
    });

    it('fails for an unknown task definition', async () => {
      await expect(
        ecs().send(
          new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:3' }),
        ),
      ).rejects.toMatchObject({
        name: 'ClientException',
        message: 'Unable to describe task definition.',
      });
    });

    it('lists revisions of a family in either order, page by page', async () => {
      const client = ecs();
      const scenario = server.scenario.getService(
        `${DEV}/eu-west-1/dev-apps/checkout-api`,
      )!;
      const count = scenario.deployments.length;
      expect(count).toBeGreaterThanOrEqual(6);
      const asc = await client.send(
        new ListTaskDefinitionsCommand({ familyPrefix: 'checkout-api-dev' }),
      );
      expect(asc.taskDefinitionArns).toHaveLength(count);
      expect(asc.taskDefinitionArns![0]).toMatch(/checkout-api-dev:1$/);
      const desc = await client.send(
        new ListTaskDefinitionsCommand({
          familyPrefix: 'checkout-api-dev',
          sort: 'DESC',
          maxResults: 2,
        }),
      );
      expect(desc.taskDefinitionArns).toEqual([
        expect.stringMatching(new RegExp(`checkout-api-dev:${count}$`)),
        expect.stringMatching(new RegExp(`checkout-api-dev:${count - 1}$`)),
      ]);
      const next = await client.send(
        new ListTaskDefinitionsCommand({
          familyPrefix: 'checkout-api-dev',
          sort: 'DESC',
          maxResults: 2,
          nextToken: desc.nextToken,
        }),
      );
      expect(next.taskDefinitionArns![0]).toMatch(
        new RegExp(`checkout-api-dev:${count - 2}$`),
      );
    });

    it('registers a new revision', async () => {
      const client = ecs();
      const before = await client.send(
        new DescribeTaskDefinitionCommand({
          taskDefinition: 'catalog-api-dev',
        }),
      );
      const registered = await client.send(
        new RegisterTaskDefinitionCommand({
          family: 'catalog-api-dev',
          cpu: '256',
          memory: '512',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          containerDefinitions: [
            {
              name: 'catalog-api',
              image: `${DEV}.dkr.ecr.eu-west-1.amazonaws.com/catalog-api:9.9.9`,
            },
          ],
          tags: [{ key: 'shipyard:component', value: 'catalog-api' }],
        }),
      );
      expect(registered.taskDefinition).toMatchObject({
        family: 'catalog-api-dev',
        revision: before.taskDefinition!.revision! + 1,
        status: 'ACTIVE',
        registeredAt: now,
      });
      const latest = await client.send(
        new DescribeTaskDefinitionCommand({
          taskDefinition: 'catalog-api-dev',
        }),
      );
      expect(latest.taskDefinition!.containerDefinitions![0].image).toMatch(
        /:9\.9\.9$/,
      );
    });

    it('rejects malformed task definitions with ECS error names', async () => {
      const client = ecs();
      await expect(
        client.send(
          new RegisterTaskDefinitionCommand({
            containerDefinitions: [],
          } as any),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterException' });
      await expect(
        client.send(
          new RegisterTaskDefinitionCommand({
            family: 'x',
            containerDefinitions: [{ name: 'x', image: 'x:1' }],
          }),
        ),
      ).rejects.toMatchObject({
        name: 'ClientException',
        message: expect.stringContaining("'memory' or 'memoryReservation'"),
      });
    });
  });

  describe('UpdateService', () => {
    const register = (client: ECSClient, tag: string) =>
      client.send(
        new RegisterTaskDefinitionCommand({
          family: 'checkout-api-prod',
          cpu: '512',
          memory: '1024',
          requiresCompatibilities: ['FARGATE'],
          networkMode: 'awsvpc',
          containerDefinitions: [
            {
              name: 'checkout-api',
              image: `${PROD}.dkr.ecr.eu-west-1.amazonaws.com/checkout-api:${tag}`,
            },
          ],
        }),
      );
    const describe1 = async (client: ECSClient) =>
      (
        await client.send(
          new DescribeServicesCommand({
            cluster: 'prod-apps',
            services: ['checkout-api'],
          }),
        )
      ).services![0];

    it('rolls a new task definition out over rolloutSeconds', async () => {
      const client = ecs({ accountId: PROD });
      const before = await describe1(client);
      const desired = before.desiredCount!;
      const { taskDefinition } = await register(client, '5.0.0');

      const updated = await client.send(
        new UpdateServiceCommand({
          cluster: 'prod-apps',
          service: 'checkout-api',
          taskDefinition: taskDefinition!.taskDefinitionArn,
        }),
      );
      expect(updated.service!.taskDefinition).toBe(
        taskDefinition!.taskDefinitionArn,
      );
      expect(updated.service!.deployments).toEqual([
        expect.objectContaining({
          status: 'PRIMARY',
          rolloutState: 'IN_PROGRESS',
          runningCount: 0,
          pendingCount: desired,
        }),
        expect.objectContaining({
          status: 'ACTIVE',
          taskDefinition: before.taskDefinition,
          runningCount: desired,
        }),
      ]);

      advance(10);
      const halfway = await describe1(client);
      const [primary, active] = halfway.deployments!;
      expect(primary.runningCount).toBe(Math.floor(desired / 2));
      expect(active.runningCount).toBe(desired - Math.floor(desired / 2));
      expect(halfway.runningCount).toBe(desired);

      advance(10);
      const done = await describe1(client);
      expect(done.deployments).toEqual([
        expect.objectContaining({
          status: 'PRIMARY',
          rolloutState: 'COMPLETED',
          runningCount: desired,
          taskDefinition: taskDefinition!.taskDefinitionArn,
        }),
      ]);
      const tasks = await client.send(
        new ListTasksCommand({
          cluster: 'prod-apps',
          serviceName: 'checkout-api',
        }),
      );
      const described = await client.send(
        new DescribeTasksCommand({
          cluster: 'prod-apps',
          tasks: tasks.taskArns,
        }),
      );
      expect(described.tasks!.map(t => t.containers![0].image)).toEqual(
        Array(desired).fill(expect.stringMatching(/:5\.0\.0$/)),
      );
      const stopped = await client.send(
        new ListTasksCommand({
          cluster: 'prod-apps',
          serviceName: 'checkout-api',
          desiredStatus: 'STOPPED',
        }),
      );
      expect(stopped.taskArns).toHaveLength(desired);
    });

    it('marks the service degraded while a bad image runs, until it is replaced', async () => {
      const client = ecs({ accountId: PROD });
      const id = `${PROD}/eu-west-1/prod-apps/checkout-api`;
      const good = (await describe1(client)).taskDefinition;
      expect(server.state.isDegraded(id)).toBe(false);

      const bad = await register(client, '5.0.1-bad');
      await client.send(
        new UpdateServiceCommand({
          cluster: 'prod-apps',
          service: 'checkout-api',
          taskDefinition: bad.taskDefinition!.taskDefinitionArn,
        }),
      );
      expect(server.state.isDegraded(id)).toBe(true);
      advance(30);
      expect(server.state.isDegraded(id)).toBe(true);
      expect(server.state.degradedFraction(id)).toBe(1);

      await client.send(
        new UpdateServiceCommand({
          cluster: 'prod-apps',
          service: 'checkout-api',
          taskDefinition: good,
        }),
      );
      advance(10);
      expect(server.state.isDegraded(id)).toBe(true);
      expect(server.state.degradedFraction(id)).toBeGreaterThan(0);
      expect(server.state.degradedFraction(id)).toBeLessThan(1);
      advance(10);
      expect(server.state.isDegraded(id)).toBe(false);
      // The history still shows when it was bad, for metrics over past windows.
      expect(
        server.state.isDegraded(id, new Date(now.getTime() - 25_000)),
      ).toBe(true);
    });

    it('changes the desired count and fails for unknown services or task definitions', async () => {
      const client = ecs({ accountId: PROD });
      const scaled = await client.send(
        new UpdateServiceCommand({
          cluster: 'prod-apps',
          service: 'ledger-service',
          desiredCount: 9,
        }),
      );
      expect(scaled.service!.desiredCount).toBe(9);
      expect(scaled.service!.deployments).toHaveLength(1);
      await expect(
        client.send(
          new UpdateServiceCommand({ cluster: 'prod-apps', service: 'ghost' }),
        ),
      ).rejects.toMatchObject({ name: 'ServiceNotFoundException' });
      await expect(
        client.send(
          new UpdateServiceCommand({
            cluster: 'prod-apps',
            service: 'ledger-service',
            taskDefinition: 'ledger-service-prod:999',
          }),
        ),
      ).rejects.toMatchObject({ name: 'ClientException' });
    });
  });
});
