import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import {
  DescribeTaskDefinitionCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultResourceLocator,
  DefaultShipyardEnvironments,
  readShipyardTagKeys,
  ShipyardComponent,
} from '@internal/plugin-aws-node';
import {
  createSandboxServer,
  DEMO_COMPONENTS,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import { StoredRevision } from '../database/DeploymentsStore';
import { CollectedEnvironment } from './DeploymentTargets';
import { EcsDeploymentTargets } from './EcsDeploymentTargets';

const ROLLOUT_SECONDS = 20;

/** The demo components as `listShipyardComponents` returns them. */
const demoComponents = (): ShipyardComponent[] =>
  DEMO_COMPONENTS.map(c => ({
    ref: `component:default/${c.name}`,
    annotations: { componentTagValue: c.name, runtime: c.runtime },
    owner: `group:default/${c.owner}`,
    system: `system:default/${c.system}`,
  }));

const nothingKnown = async () => new Set<string>();

describe('EcsDeploymentTargets against the sandbox', () => {
  let now: Date;
  let server: SandboxServer;
  let factory: DefaultAwsClientFactory;
  let counter: DefaultAwsCallCounter;
  let targets: EcsDeploymentTargets;

  const advance = (seconds: number) => {
    now = new Date(now.getTime() + seconds * 1000);
  };

  const checkout = () =>
    server.scenario.findServices({
      component: 'checkout-api',
      environment: 'prod',
      region: 'eu-west-1',
    })[0];

  const targetOf = (collected: CollectedEnvironment, arn: string) =>
    collected.targets.find(t => t.target.id === arn)!;

  beforeEach(async () => {
    now = new Date();
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      rolloutSeconds: ROLLOUT_SECONDS,
    });
    const config = new ConfigReader(sandboxPortalConfig(server));
    counter = DefaultAwsCallCounter.create();
    factory = DefaultAwsClientFactory.fromConfig(config, { counter });
    const environments = DefaultShipyardEnvironments.fromConfig(config);
    const cache = await ServiceFactoryTester.from(
      mockServices.cache.factory(),
    ).getSubject('deployments');
    targets = EcsDeploymentTargets.create({
      environments,
      clientFactory: factory,
      locator: DefaultResourceLocator.fromConfig(config, {
        environments,
        clientFactory: factory,
        cache,
        counter,
      }),
      tagKeys: readShipyardTagKeys(config),
    });
  });

  afterEach(async () => {
    factory?.destroy();
    await server?.close();
  });

  async function collectCounting(
    knownRevisionIds: (ids: string[]) => Promise<Set<string>>,
    components = demoComponents(),
  ) {
    const scope = counter.createScope();
    const collected = await scope.run(() =>
      targets.collect({ environment: 'prod', components, knownRevisionIds }),
    );
    const calls = (operation: string) =>
      scope
        .snapshot()
        .filter(c => c.operation === operation)
        .reduce((sum, c) => sum + c.count, 0);
    return { collected, calls };
  }

  it("collects prod's ECS services with what runs, counts, revisions and deployments", async () => {
    const { collected } = await collectCounting(nothingKnown);

    const ecsServices = DEMO_COMPONENTS.filter(
      c => c.runtime === 'ecs',
    ).flatMap(c =>
      server.scenario.findServices({ component: c.name, environment: 'prod' }),
    );
    expect(collected.targets.map(t => t.target.id).sort()).toEqual(
      ecsServices.map(s => s.arn).sort(),
    );

    const service = checkout();
    const latest = service.deployments.at(-1)!;
    const stored = targetOf(collected, service.arn);
    expect(stored).toMatchObject({
      entityRef: 'component:default/checkout-api',
      owner: 'group:default/team-storefront',
      environment: 'prod',
    });
    expect(stored.target).toMatchObject({
      kind: 'ecs-service',
      cluster: 'prod-apps',
      name: 'checkout-api',
      accountId: '222222222222',
      region: 'eu-west-1',
      rolloutState: 'COMPLETED',
      desiredCount: service.desiredCount,
      runningCount: service.desiredCount,
      pendingCount: 0,
      history: [],
      running: {
        id: latest.taskDefinitionArn,
        image: latest.image,
        imageTag: latest.imageTag,
        revision: `${service.family}:${latest.revision}`,
      },
    });
    expect(stored.target.running?.gitSha).toMatch(/^[0-9a-f]{7,40}$/);
    expect(stored.target.events.length).toBeGreaterThan(0);
    expect(stored.target.events.length).toBeLessThanOrEqual(10);
    // Tags match the entity: no mismatches field at all.
    expect(stored.target.mismatches).toBeUndefined();

    // Every revision of the family, with the main container's names only.
    const revisions = collected.revisions.filter(
      r => r.targetId === service.arn,
    );
    expect(revisions.map(r => r.revision.id).sort()).toEqual(
      [
        ...new Set(
          service.deployments.slice(-20).map(d => d.taskDefinitionArn!),
        ),
      ].sort(),
    );
    for (const revision of revisions) {
      expect(revision.family).toBe(service.family);
      const container = server.state.taskDefinitions.resolve(
        service.accountId,
        service.region,
        revision.revision.id,
      )!.taskDefinition.containerDefinitions![0];
      expect(revision.spec).toEqual({
        environment: container.environment!.map(e => e.name),
        secrets: container.secrets!.map(e => e.name),
      });
      expect(revision.spec.environment.length).toBeGreaterThan(0);
      expect(revision.spec.secrets.length).toBeGreaterThan(0);
      // Names only: where a secret lives never leaves AWS.
      const text = JSON.stringify(revision);
      for (const secret of container.secrets!) {
        expect(text).not.toContain(secret.valueFrom!);
      }
    }

    // Each release is a deployment with who and when from the tags.
    const deployments = collected.deployments.filter(
      d => d.targetId === service.arn,
    );
    for (const release of service.deployments.filter(
      d => d.reason === 'release',
    )) {
      const found = deployments.find(
        d => d.revision.id === release.taskDefinitionArn,
      );
      expect(found).toMatchObject({
        entityRef: 'component:default/checkout-api',
        owner: 'group:default/team-storefront',
        environment: 'prod',
        deployedBy: release.deployedBy,
      });
      expect(found!.deployedAt.toISOString().slice(0, 19)).toBe(
        release.deployedAt.toISOString().slice(0, 19),
      );
    }
  });

  it('reads no task definition twice: a collection with every revision stored makes no DescribeTaskDefinition call', async () => {
    const first = await collectCounting(nothingKnown);
    expect(first.calls('DescribeTaskDefinition')).toBe(
      first.collected.revisions.length,
    );
    expect(first.calls('DescribeServices')).toBeGreaterThan(0);

    const stored = new Set(first.collected.revisions.map(r => r.revision.id));
    const allKnown = async (ids: string[]) =>
      new Set(ids.filter(id => stored.has(id)));
    const second = await collectCounting(allKnown);
    expect(second.calls('DescribeTaskDefinition')).toBe(0);
    expect(second.collected.revisions).toEqual([]);
    // The summary still says what runs.
    const service = checkout();
    expect(targetOf(second.collected, service.arn).target.running?.image).toBe(
      service.deployments.at(-1)!.image,
    );
  });

  it('shows tag mismatches when the entity expects another owner', async () => {
    const components = demoComponents().map(c =>
      c.annotations.componentTagValue === 'checkout-api'
        ? { ...c, owner: 'group:default/team-payments' }
        : c,
    );
    const { collected } = await collectCounting(nothingKnown, components);
    const stored = targetOf(collected, checkout().arn);
    expect(stored.owner).toBe('group:default/team-payments');
    expect(stored.target.mismatches).toEqual([
      {
        tag: 'shipyard:owner',
        expected: 'team-payments',
        actual: 'team-storefront',
      },
    ]);
  });

  it('collects only ECS components that run in the environment', async () => {
    const components = demoComponents().map(c =>
      c.annotations.componentTagValue === 'checkout-api'
        ? { ...c, annotations: { ...c.annotations, environments: ['dev'] } }
        : c,
    );
    const { collected } = await collectCounting(nothingKnown, components);
    const refs = new Set(collected.targets.map(t => t.entityRef));
    expect(refs.has('component:default/checkout-api')).toBe(false);
    expect(refs.has('component:default/catalog-api')).toBe(true);
    expect(collected.targets.every(t => t.target.kind === 'ecs-service')).toBe(
      true,
    );
  });

  it('rolls back to an older revision, which rolls out and is recorded as deployed by the requester', async () => {
    const service = checkout();
    const { collected } = await collectCounting(nothingKnown);
    const current = service.deployments.at(-1)!;
    const older = collected.revisions.find(
      r => r.targetId === service.arn && r.revision.image !== current.image,
    )!;
    expect(older).toBeDefined();

    await targets.rollback({
      environment: 'prod',
      targetId: service.arn,
      to: older,
      requestedBy: 'user:default/sam.okafor',
    });

    const during = await targets.readLive({
      environment: 'prod',
      targetId: service.arn,
    });
    expect(during.target.rolloutState).toBe('IN_PROGRESS');
    expect(during.target.running?.id).toBe(older.revision.id);
    expect(during.family).toBe(service.family);
    expect(during.cluster).toBe('prod-apps');
    expect(during.tags['shipyard:deployed-by']).toBe('user:default/sam.okafor');
    expect(during.tags['shipyard:component']).toBe('checkout-api');
    const deployedAt = new Date(during.tags['shipyard:deployed-at']);
    expect(during.tags['shipyard:deployed-at']).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(Math.abs(deployedAt.getTime() - Date.now())).toBeLessThan(60_000);

    advance(ROLLOUT_SECONDS + 5);
    const after = await targets.readLive({
      environment: 'prod',
      targetId: service.arn,
    });
    expect(after.target.rolloutState).toBe('COMPLETED');
    expect(after.target.running?.image).toBe(older.revision.image);
    expect(after.target.runningCount).toBe(after.target.desiredCount);

    // The next collection records the rollback as a deployment by the requester.
    const next = await collectCounting(nothingKnown);
    // What runs now was deployed by the rollback, not when the older task
    // definition first ran.
    expect(targetOf(next.collected, service.arn).target.running).toEqual(
      expect.objectContaining({
        id: older.revision.id,
        deployedBy: 'user:default/sam.okafor',
        deployedAt: deployedAt.toISOString(),
      }),
    );
    expect(next.collected.deployments).toContainEqual(
      expect.objectContaining({
        targetId: service.arn,
        revision: expect.objectContaining({ id: older.revision.id }),
        deployedBy: 'user:default/sam.okafor',
        deployedAt,
      }),
    );
  });

  it('lists the crashed tasks of a bad image as failures, newest first', async () => {
    const service = checkout();
    const ecs = factory.getClient(ECSClient, service);
    const current = await ecs.send(
      new DescribeTaskDefinitionCommand({
        taskDefinition: service.deployments.at(-1)!.taskDefinitionArn,
      }),
    );
    const container = current.taskDefinition!.containerDefinitions![0];
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand({
        family: service.family,
        cpu: current.taskDefinition!.cpu,
        memory: current.taskDefinition!.memory,
        requiresCompatibilities: ['FARGATE'],
        networkMode: 'awsvpc',
        containerDefinitions: [
          { ...container, image: `${container.image}-bad` },
        ],
      }),
    );
    const bad = registered.taskDefinition!;
    await ecs.send(
      new UpdateServiceCommand({
        cluster: service.cluster,
        service: service.arn,
        taskDefinition: bad.taskDefinitionArn,
      }),
    );
    advance(5 * 60);

    const { collected } = await collectCounting(nothingKnown);
    const { failures } = targetOf(collected, service.arn).target;
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.length).toBeLessThanOrEqual(10);
    expect(failures[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      at: expect.any(String),
      reason: 'Essential container in task exited',
      container: 'checkout-api',
      exitCode: 137,
      revision: `${service.family}:${bad.revision}`,
    });
    const times = failures.map(f => f.at);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it("refuses a rollback to another family's task definition, and leaves the service alone", async () => {
    const service = checkout();
    const { collected } = await collectCounting(nothingKnown);
    const foreign = collected.revisions.find(r => r.family !== service.family)!;
    await expect(
      targets.rollback({
        environment: 'prod',
        targetId: service.arn,
        to: foreign,
        requestedBy: 'user:default/sam.okafor',
      }),
    ).rejects.toThrow(InputError);

    // Nor may a stored revision claim the family while naming another's ARN.
    const disguised: StoredRevision = { ...foreign, family: service.family! };
    await expect(
      targets.rollback({
        environment: 'prod',
        targetId: service.arn,
        to: disguised,
        requestedBy: 'user:default/sam.okafor',
      }),
    ).rejects.toThrow(InputError);

    const live = await targets.readLive({
      environment: 'prod',
      targetId: service.arn,
    });
    expect(live.target.running?.id).toBe(
      service.deployments.at(-1)!.taskDefinitionArn,
    );
    expect(live.target.rolloutState).toBe('COMPLETED');
  });

  it("refuses to read a service in another environment's account", async () => {
    const dev = server.scenario.findServices({
      component: 'checkout-api',
      environment: 'dev',
    })[0];
    await expect(
      targets.readLive({ environment: 'prod', targetId: dev.arn }),
    ).rejects.toThrow(InputError);
    await expect(
      targets.readLive({ environment: 'prod', targetId: dev.arn }),
    ).rejects.toThrow(/111111111111.*not part of environment prod/);
    const live = await targets.readLive({
      environment: 'dev',
      targetId: dev.arn,
    });
    expect(live.target.id).toBe(dev.arn);
  });

  it('answers NotFoundError for a service that does not exist', async () => {
    await expect(
      targets.readLive({
        environment: 'prod',
        targetId:
          'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/no-such-service',
      }),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });

  it('handles ECS service ARNs only', () => {
    expect(targets.handles(checkout().arn)).toBe(true);
    expect(targets.handles('eks:prod-eks/team-freight/freight-quote-api')).toBe(
      false,
    );
    expect(
      targets.handles(
        'arn:aws:ecs:eu-west-1:222222222222:task-definition/checkout-api-prod:3',
      ),
    ).toBe(false);
  });
});
