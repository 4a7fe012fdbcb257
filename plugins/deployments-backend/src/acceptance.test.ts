/*
 * The acceptance test of the deployments backend: the real catalog backend
 * with the demo catalog, the AWS catalog module, the real permission backend
 * with Shipyard's policy, and this plugin on its real database, talking to an
 * in-process sandbox through the real AWS SDK and Kubernetes API.
 *
 * Users are the demo organisation's (catalog/org.yaml): their ownership refs
 * come from the catalog, as sign-in puts them in the token in production.
 * Tests run in the order written; each sets up what it asserts on, so any
 * one of them also passes alone (`-t`).
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  mockCredentials,
  mockServices,
  TestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import catalogModuleAws from '@internal/plugin-catalog-backend-module-aws';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import { createTestDatabases } from '@internal/test-databases';
import {
  SandboxServer,
  createSandboxServer,
  sandboxClientConfig,
  sandboxPortalConfig,
} from 'sandbox';
import request from 'supertest';
import {
  createResettableCache,
  startAcceptanceBackend,
} from '@internal/backend-test-helpers';
import { DeploymentTarget } from '@internal/plugin-deployments-common';
import deploymentsPlugin, { DEPLOYMENTS_COLLECTOR_ID } from './index';

jest.setTimeout(120_000);

const ROLLOUT_SECONDS = 30;

// The demo organisation's personas (catalog/org.yaml).
const SRE = 'user:default/sam.okafor'; // platform-sre
const OWNING_DEVELOPER = 'user:default/ana.lima'; // team-storefront, owns checkout-api
const OTHER_DEVELOPER = 'user:default/jonas.weber'; // team-freight
const MANAGER = 'user:default/mei.chen'; // engineering-managers

const CHECKOUT = '/api/deployments/components/default/component/checkout-api';

const databases = createTestDatabases();

/**
 * One portal on one database: the deployments plugin stores in the database
 * under test; the catalog keeps its own SQLite database.
 */
function startPortal(databaseId: TestDatabaseId) {
  const scheduler = mockServices.scheduler();
  const cache = createResettableCache();
  const portal = {
    sandbox: undefined as unknown as SandboxServer,
    backend: undefined as unknown as TestBackend,
    cache,
    /** The sandbox's clock: rollouts progress as it moves. */
    now: new Date(),
    async collect() {
      await scheduler.triggerTask(DEPLOYMENTS_COLLECTOR_ID);
    },
  };

  beforeAll(async () => {
    const deploymentsKnex = await databases.init(databaseId);
    const catalogKnex = await databases.init('SQLITE_3');
    portal.sandbox = await createSandboxServer({
      port: 0,
      now: () => portal.now,
      rolloutSeconds: ROLLOUT_SECONDS,
    });
    portal.backend = await startAcceptanceBackend({
      config: sandboxPortalConfig(portal.sandbox),
      databases: { deployments: deploymentsKnex },
      catalogDatabase: catalogKnex,
      scheduler,
      cache: cache.factory,
      features: [
        catalogBackend,
        catalogModuleAws,
        permissionBackend,
        shipyardPolicyModule,
        deploymentsPlugin,
      ],
      // The collector and the policy only see what the catalog has ingested.
      catalogReady: {
        component: 'component/default/freight-quote-api',
        componentRelatedTo: 'resource:default/prod',
        user: 'user/default/ana.lima',
      },
    });
    await portal.collect();
  });

  afterAll(async () => {
    await portal.backend?.stop();
    await portal.sandbox?.close();
  });

  return portal;
}

type Target = DeploymentTarget;

type EnvironmentItem = {
  environment: { name: string; tier: string };
  collectedAt?: string;
  targets: Target[];
  rollback: { allowed: boolean; reason?: string };
};

// The whole journey on each database (about 10 s each): a portal per
// database, each with its own sandbox, so the runs share nothing.
describe.each(databases.eachSupportedId())(
  'the deployments backend on %s',
  databaseId => {
    const portal = startPortal(databaseId);
    const as = (user: string) => mockCredentials.user.header(user);
    const server = () => portal.backend.server;

    beforeEach(() => {
      portal.cache.reset();
    });

    async function deploymentsOf(
      user: string,
      component = 'checkout-api',
    ): Promise<EnvironmentItem[]> {
      const res = await request(server())
        .get(
          `/api/deployments/components/default/component/${component}/deployments`,
        )
        .set('Authorization', as(user));
      expect(res.status).toBe(200);
      expect(res.body.entityRef).toBe(`component:default/${component}`);
      return res.body.items;
    }

    /** The checkout-api ECS service of an environment, in its main region. */
    function checkoutService(environment: string) {
      return portal.sandbox.scenario
        .findServices({ component: 'checkout-api', environment })
        .find(s => s.region === 'eu-west-1')!;
    }

    async function planFor(user: string, environment: string) {
      const res = await request(server())
        .get(`${CHECKOUT}/deployments/${environment}/rollback-plan`)
        .query({ target: checkoutService(environment).arn })
        .set('Authorization', as(user));
      expect(res.status).toBe(200);
      return res.body;
    }

    function rollBack(
      user: string | undefined,
      body: object,
      idempotencyKey?: string,
    ) {
      const req = request(server())
        .post(`${CHECKOUT}/rollbacks`)
        .set(
          'Authorization',
          user ? as(user) : mockCredentials.service.header(),
        );
      if (idempotencyKey) {
        req.set('Idempotency-Key', idempotencyKey);
      }
      return req.send(body);
    }

    async function rollbackBody(environment: string) {
      const plan = await planFor(SRE, environment);
      return {
        environment,
        target: plan.target,
        toRevision: plan.to.id,
        reason: `Errors since ${plan.from.revision}`,
      };
    }

    async function getRollback(id: string) {
      const res = await request(server())
        .get(`/api/deployments/rollbacks/${id}`)
        .set('Authorization', as(SRE));
      expect(res.status).toBe(200);
      return res.body;
    }

    it('lists what runs where by tier, and who may roll back', async () => {
      const items = await deploymentsOf(SRE);
      expect(items.map(i => i.environment)).toEqual([
        expect.objectContaining({ name: 'dev', tier: 'dev' }),
        expect.objectContaining({ name: 'staging', tier: 'staging' }),
        expect.objectContaining({ name: 'prod', tier: 'prod' }),
      ]);
      for (const item of items) {
        const expected = checkoutService(item.environment.name);
        const target = item.targets.find(t => t.id === expected.arn)!;
        expect(target).toMatchObject({
          kind: 'ecs-service',
          cluster: expected.cluster,
          accountId: expected.accountId,
          region: 'eu-west-1',
          desiredCount: expected.desiredCount,
          runningCount: expected.desiredCount,
          pendingCount: 0,
          rolloutState: 'COMPLETED',
        });
        // The running revision is the scenario's latest release here.
        const latest = expected.deployments.at(-1)!;
        expect(target.running?.imageTag).toBe(latest.image.split(':').at(-1));
        // History, newest first, with who deployed and when as the
        // pipeline tagged it.
        expect(target.history.length).toBeGreaterThan(1);
        expect(target.history[0]).toMatchObject({
          id: target.running!.id,
          deployedBy: latest.deployedBy,
          deployedAt: latest.deployedAt
            .toISOString()
            .replace(/\.\d+Z$/, '.000Z'),
        });
        for (const entry of target.history) {
          expect(entry.deployedBy).toEqual(expect.any(String));
          expect(Date.parse(entry.deployedAt!)).not.toBeNaN();
        }
        expect(item.collectedAt).toEqual(expect.any(String));
        expect(item.rollback).toEqual({ allowed: true });
      }
      // Prod also runs in the DR region.
      const prod = items.find(i => i.environment.name === 'prod')!;
      expect(prod.targets.map(t => t.cluster).sort()).toEqual([
        'prod-apps',
        'prod-apps-dr',
      ]);

      // A developer of another team sees the same, and may roll back nowhere.
      const other = await deploymentsOf(OTHER_DEVELOPER);
      expect(other.map(i => i.targets)).toEqual(items.map(i => i.targets));
      for (const item of other) {
        expect(item.rollback).toEqual({
          allowed: false,
          reason: expect.stringContaining('deployments.rollback'),
        });
      }
      // The owning team's developer may in dev and staging, not in prod.
      const owner = await deploymentsOf(OWNING_DEVELOPER);
      expect(
        Object.fromEntries(
          owner.map(i => [i.environment.name, i.rollback.allowed]),
        ),
      ).toEqual({ dev: true, staging: true, prod: false });
    });

    it('lists the Deployment of an EKS component', async () => {
      const items = await deploymentsOf(SRE, 'freight-quote-api');
      const prod = items.find(i => i.environment.name === 'prod')!;
      expect(prod.targets).toEqual([
        expect.objectContaining({
          id: 'eks:prod-eks/team-freight/freight-quote-api',
          kind: 'eks-deployment',
          cluster: 'prod-eks',
          namespace: 'team-freight',
          name: 'freight-quote-api',
          running: expect.objectContaining({ imageTag: expect.any(String) }),
        }),
      ]);
      expect(prod.targets[0].history.length).toBeGreaterThan(0);
    });

    it('plans a prod rollback to the previous release, with confirmation', async () => {
      const service = checkoutService('prod');
      const plan = await planFor(SRE, 'prod');
      expect(plan).toMatchObject({
        environment: { name: 'prod', tier: 'prod' },
        target: service.arn,
        confirmationRequired: true,
      });
      expect(plan.to.id).not.toBe(plan.from.id);
      expect(plan.candidates.map((c: { id: string }) => c.id)).toContain(
        plan.to.id,
      );
      // The previous release's image, as the scenario deployed it.
      const [previous, latest] = service.deployments.slice(-2);
      expect(plan.from.image).toBe(latest.image);
      expect(plan.to.image).toBe(previous.image);
      expect(plan.changes.image).toEqual({
        from: latest.image,
        to: previous.image,
      });

      const dev = await planFor(OWNING_DEVELOPER, 'dev');
      expect(dev.confirmationRequired).toBe(false);
    });

    it("keeps AWS's answer out of a developer's error body and rollback record and shows it to an SRE", async () => {
      const body = await rollbackBody('dev');
      const { accountId } = checkoutService('dev');
      // ECS fails every call: the rollback stops at its first AWS call,
      // before it changes anything.
      const fault = portal.sandbox.faults.add({
        service: 'ecs',
        kind: 'error',
      });
      try {
        const developer = await rollBack(OWNING_DEVELOPER, body);
        expect(developer.status).toBe(503);
        expect(developer.body.error.name).toBe('ServiceUnavailableError');
        expect(developer.body.error.message).toMatch(
          /^AWS or Kubernetes .* reference [0-9a-f-]{36}/,
        );
        expect(JSON.stringify(developer.body.error)).not.toContain(accountId);
        expect(JSON.stringify(developer.body.error)).not.toContain(
          'InternalFailure',
        );

        const sre = await rollBack(SRE, body);
        expect(sre.status).toBe(503);
        expect(sre.body.error.message).toContain(`account ${accountId}`);
        expect(sre.body.error.message).toContain('InternalFailure');
      } finally {
        portal.sandbox.faults.remove(fault.id);
      }

      // The durable records of both failed rollbacks: why they failed for
      // every reader, what AWS answered for SREs only.
      const feed = await request(server())
        .get('/api/deployments/operations')
        .query({
          entityRef: 'component:default/checkout-api',
          environment: 'dev',
          type: 'rollback',
        })
        .set('Authorization', as(OWNING_DEVELOPER));
      expect(feed.status).toBe(200);
      const failed: string[] = feed.body.items
        .filter((o: { state?: string }) => o.state === 'failed')
        .map((o: { id: string }) => o.id);
      expect(failed.length).toBeGreaterThanOrEqual(2);
      for (const id of failed.slice(0, 2)) {
        const read = (user: string) =>
          request(server())
            .get(`/api/deployments/rollbacks/${id}`)
            .set('Authorization', as(user));

        const developer = await read(OWNING_DEVELOPER);
        expect(developer.status).toBe(200);
        expect(developer.body).toMatchObject({
          state: 'failed',
          error: 'Could not read the target from AWS',
        });
        expect(developer.body.errorCause).toBeUndefined();
        // The record names its target's ARN by design; what failed names no
        // account and no AWS error.
        const said = JSON.stringify([
          developer.body.error,
          developer.body.steps,
        ]);
        expect(said).not.toContain(accountId);
        expect(said).not.toContain('InternalFailure');

        const sre = await read(SRE);
        expect(sre.status).toBe(200);
        expect(sre.body.error).toBe('Could not read the target from AWS');
        expect(sre.body.errorCause).toContain(accountId);
        expect(sre.body.errorCause).toContain('InternalFailure');
      }
    });

    it('rolls prod back once, follows the rollout, and lists it once', async () => {
      const body = await rollbackBody('prod');

      const unconfirmed = await rollBack(SRE, body, 'first');
      expect(unconfirmed.status).toBe(400);
      expect(unconfirmed.body.error.message).toContain('"confirmation"');

      const confirmed = { ...body, confirmation: 'prod' };
      const created = await rollBack(SRE, confirmed, 'first');
      expect(created.status).toBe(202);
      expect(created.body).toMatchObject({
        entityRef: 'component:default/checkout-api',
        environment: 'prod',
        target: body.target,
        to: { id: body.toRevision },
        requestedBy: SRE,
        reason: body.reason,
        state: 'rolling-out',
      });
      const id = created.body.id;
      expect(created.body.steps.map((s: { state: string }) => s.state)).toEqual(
        ['requested', 'mutating', 'rolling-out'],
      );

      const concurrent = await rollBack(SRE, confirmed, 'second');
      expect(concurrent.status).toBe(409);
      expect(concurrent.body.error.message).toContain(id);

      const retried = await rollBack(SRE, confirmed, 'first');
      expect(retried.status).toBe(202);
      expect(retried.body.id).toBe(id);

      const rolling = await getRollback(id);
      expect(rolling.state).toBe('rolling-out');
      expect(rolling.rollout).toMatchObject({
        rolloutState: 'IN_PROGRESS',
        desiredCount: checkoutService('prod').desiredCount,
      });

      // The sandbox finishes the rollout when its clock has moved on.
      portal.now = new Date(
        portal.now.getTime() + (ROLLOUT_SECONDS + 5) * 1000,
      );
      portal.cache.reset();
      const done = await getRollback(id);
      expect(done).toMatchObject({
        state: 'succeeded',
        finishedAt: expect.any(String),
      });
      expect(done.rollout.rolloutState).toBe('COMPLETED');

      await portal.collect();
      const items = await deploymentsOf(SRE);
      const prodTarget = items
        .find(i => i.environment.name === 'prod')!
        .targets.find(t => t.id === body.target)!;
      expect(prodTarget.running?.id).toBe(body.toRevision);

      const res = await request(server())
        .get('/api/deployments/operations')
        .query({
          entityRef: 'component:default/checkout-api',
          environment: 'prod',
        })
        .set('Authorization', as(MANAGER));
      expect(res.status).toBe(200);
      const operations: Array<{
        id: string;
        type: string;
        target: string;
        by?: string;
        state?: string;
        revision: { id: string };
      }> = res.body.items;
      expect(operations.filter(o => o.id === id)).toEqual([
        expect.objectContaining({
          type: 'rollback',
          by: SRE,
          state: 'succeeded',
          owner: 'group:default/team-storefront',
        }),
      ]);
      // The deployment the rollback caused is not listed beside it.
      expect(
        operations.filter(
          o =>
            o.type === 'deployment' &&
            o.target === body.target &&
            o.by === SRE &&
            o.revision.id === body.toRevision,
        ),
      ).toEqual([]);
    });

    describe('refuses', () => {
      it('prod to the owning team and to managers; allows the owning team dev', async () => {
        const prod = { ...(await rollbackBody('prod')), confirmation: 'prod' };
        for (const user of [OWNING_DEVELOPER, MANAGER, OTHER_DEVELOPER]) {
          const res = await rollBack(user, prod);
          expect(res.status).toBe(403);
          expect(res.body.error.name).toBe('NotAllowedError');
        }

        const dev = await rollbackBody('dev');
        const other = await rollBack(OTHER_DEVELOPER, dev);
        expect(other.status).toBe(403);
        const owner = await rollBack(OWNING_DEVELOPER, dev);
        expect(owner.status).toBe(202);
        expect(owner.body).toMatchObject({
          environment: 'dev',
          requestedBy: OWNING_DEVELOPER,
          state: 'rolling-out',
        });
      });

      it('unknown environments and entities, and malformed requests', async () => {
        const body = await rollbackBody('staging');
        const rollbackIds = async () => {
          const res = await request(server())
            .get('/api/deployments/operations')
            .query({ type: 'rollback', limit: 200 })
            .set('Authorization', as(SRE));
          expect(res.status).toBe(200);
          return res.body.items.map((o: { id: string }) => o.id);
        };
        const before = await rollbackIds();

        const unknownEnvironment = await rollBack(SRE, {
          ...body,
          environment: 'qa',
        });
        expect(unknownEnvironment.status).toBe(400);
        expect(unknownEnvironment.body.error.message).toMatch(
          /dev.*staging.*prod/,
        );

        const unknownEntity = await request(server())
          .post(
            '/api/deployments/components/default/component/no-such-api/rollbacks',
          )
          .set('Authorization', as(SRE))
          .send(body);
        expect(unknownEntity.status).toBe(404);

        for (const malformed of [
          { ...body, reason: '' },
          { ...body, reason: '   ' },
          { ...body, target: undefined },
        ]) {
          const res = await rollBack(SRE, malformed);
          expect(res.status).toBe(400);
          expect(res.body.error.name).toBe('InputError');
        }

        // A service may read, but a person answers for a rollback.
        const service = await rollBack(undefined, body);
        expect(service.status).toBe(403);
        expect(service.body.error.message).toContain("'service' credentials");
        const read = await request(server())
          .get(`${CHECKOUT}/deployments`)
          .set('Authorization', mockCredentials.service.header());
        expect(read.status).toBe(200);

        const anonymous = await request(server())
          .post(`${CHECKOUT}/rollbacks`)
          .set('Authorization', mockCredentials.none.header())
          .send(body);
        expect(anonymous.status).toBe(401);

        // None of these left a record.
        expect(await rollbackIds()).toEqual(before);
      });

      it('a service whose shipyard:owner tag is not the entity owner', async () => {
        const body = await rollbackBody('staging');
        const service = checkoutService('staging');
        const ecs = new ECSClient(
          sandboxClientConfig(portal.sandbox, {
            accountId: service.accountId,
            region: service.region,
          }),
        );
        const tag = (value: string) =>
          ecs.send(
            new TagResourceCommand({
              resourceArn: service.arn,
              tags: [{ key: 'shipyard:owner', value }],
            }),
          );
        await tag('team-freight');
        try {
          const res = await rollBack(SRE, body);
          expect(res.status).toBe(403);
          expect(res.body.error.message).toContain('shipyard:owner');

          const listed = await request(server())
            .get('/api/deployments/operations')
            .query({
              type: 'rollback',
              entityRef: 'component:default/checkout-api',
              environment: 'staging',
            })
            .set('Authorization', as(SRE));
          expect(listed.status).toBe(200);
          // The newest first: this attempt, refused after its intent was written.
          expect(listed.body.items[0]).toMatchObject({
            type: 'rollback',
            target: service.arn,
            by: SRE,
            reason: body.reason,
            state: 'failed',
          });
          const record = await getRollback(listed.body.items[0].id);
          expect(record.state).toBe('failed');
          expect(record.error).toContain('shipyard:owner');
          expect(record.error).toContain('team-freight');
        } finally {
          await tag(service.tags['shipyard:owner']);
          ecs.destroy();
        }

        // The refused attempt does not hold the target: with its tags back,
        // the service rolls back.
        const retried = await rollBack(SRE, body);
        expect(retried.status).toBe(202);
        expect(retried.body.state).toBe('rolling-out');
      });
    });

    it('rolls back a bad image in prod: the alarm fires, the tab shows the crashes, the rollback restores the service and the alarm clears', async () => {
      const service = portal.sandbox.scenario
        .findServices({ component: 'checkout-api', environment: 'prod' })
        .find(s => s.cluster === 'prod-apps')!;
      const where = { accountId: service.accountId, region: service.region };
      const ecs = new ECSClient(sandboxClientConfig(portal.sandbox, where));
      const cloudwatch = new CloudWatchClient(
        sandboxClientConfig(portal.sandbox, where),
      );
      const alarm = async () =>
        (
          await cloudwatch.send(
            new DescribeAlarmsCommand({
              AlarmNames: ['checkout-api-prod-error-rate'],
            }),
          )
        ).MetricAlarms![0].StateValue;
      try {
        const [before] = (
          await ecs.send(
            new DescribeServicesCommand({
              cluster: service.cluster,
              services: [service.arn],
            }),
          )
        ).services!;
        const good = before.taskDefinition!;
        const family = good.split('/').at(-1)!.split(':')[0];
        // The pipeline ships a bad image, tagged as it tags every release.
        const { taskDefinition: bad } = await ecs.send(
          new RegisterTaskDefinitionCommand({
            family,
            cpu: '512',
            memory: '1024',
            requiresCompatibilities: ['FARGATE'],
            networkMode: 'awsvpc',
            containerDefinitions: [
              {
                name: 'checkout-api',
                image: `${before.serviceName}:9.9.9-bad`.replace(
                  /^/,
                  `${service.accountId}.dkr.ecr.${service.region}.amazonaws.com/`,
                ),
                essential: true,
              },
            ],
            tags: [
              { key: 'shipyard:deployed-by', value: 'ana.lima' },
              {
                key: 'shipyard:deployed-at',
                value: `${portal.now.toISOString().slice(0, 19)}Z`,
              },
            ],
          }),
        );
        await ecs.send(
          new UpdateServiceCommand({
            cluster: service.cluster,
            service: service.arn,
            taskDefinition: bad!.taskDefinitionArn,
          }),
        );
        portal.now = new Date(portal.now.getTime() + 10 * 60_000);
        portal.cache.reset();
        expect(await alarm()).toBe('ALARM');

        // The tab shows the bad revision running and its crashed tasks.
        await portal.collect();
        const prod = (await deploymentsOf(SRE)).find(
          i => i.environment.name === 'prod',
        )!;
        const target = prod.targets.find(t => t.id === service.arn)!;
        expect(target.running).toMatchObject({
          id: bad!.taskDefinitionArn,
          imageTag: '9.9.9-bad',
        });
        expect(target.failures[0]).toMatchObject({
          reason: 'Essential container in task exited',
          exitCode: 137,
        });

        // The plan proposes the revision that ran before; the SRE rolls back to it.
        const plan = await request(server())
          .get(`${CHECKOUT}/deployments/prod/rollback-plan`)
          .query({ target: service.arn })
          .set('Authorization', as(SRE));
        expect(plan.status).toBe(200);
        expect(plan.body.to.id).toBe(good);
        const created = await rollBack(SRE, {
          environment: 'prod',
          target: service.arn,
          toRevision: good,
          reason: 'Error rate alarm since 9.9.9',
          confirmation: 'prod',
        });
        expect(created.status).toBe(202);

        portal.now = new Date(
          portal.now.getTime() + (ROLLOUT_SECONDS + 5) * 1000,
        );
        portal.cache.reset();
        expect(await getRollback(created.body.id)).toMatchObject({
          state: 'succeeded',
          rollout: { rolloutState: 'COMPLETED' },
        });

        // With the good revision back, the metrics recover and the alarm clears.
        portal.now = new Date(portal.now.getTime() + 10 * 60_000);
        expect(await alarm()).toBe('OK');
        await portal.collect();
        const after = (await deploymentsOf(SRE))
          .find(i => i.environment.name === 'prod')!
          .targets.find(t => t.id === service.arn)!;
        expect(after.running).toMatchObject({ id: good, deployedBy: SRE });
      } finally {
        ecs.destroy();
        cloudwatch.destroy();
      }
    });

    it('rolls back a bad image on EKS in prod: the alarm fires, the rollback through the API restores the old ReplicaSet and the alarm clears', async () => {
      const service = portal.sandbox.scenario
        .findServices({ component: 'freight-quote-api', environment: 'prod' })
        .find(s => s.cluster === 'prod-eks')!;
      const base =
        '/api/deployments/components/default/component/freight-quote-api';
      const target = `eks:${service.cluster}/${service.namespace}/${service.name}`;
      const cloudwatch = new CloudWatchClient(
        sandboxClientConfig(portal.sandbox, {
          accountId: service.accountId,
          region: service.region,
        }),
      );
      const errorRate = service.alarms.find(a => a.kind === 'error-rate')!;
      const alarm = async () =>
        (
          await cloudwatch.send(
            new DescribeAlarmsCommand({ AlarmNames: [errorRate.name] }),
          )
        ).MetricAlarms![0].StateValue;
      try {
        await portal.collect();
        const good = (await deploymentsOf(SRE, 'freight-quote-api'))
          .find(i => i.environment.name === 'prod')!
          .targets.find(t => t.id === target)!.running!;
        expect(await alarm()).toBe('OK');

        // The pipeline ships a bad image, as kubectl apply would: a
        // strategic merge patch of the container's image.
        const badImage = `${service.accountId}.dkr.ecr.${service.region}.amazonaws.com/${service.component}:9.9.9-bad`;
        const patched = await fetch(
          `${portal.sandbox.url}/k8s/${service.cluster}/apis/apps/v1/namespaces/${service.namespace}/deployments/${service.name}`,
          {
            method: 'PATCH',
            headers: {
              'Content-Type': 'application/strategic-merge-patch+json',
              Authorization: 'Bearer pipeline',
            },
            body: JSON.stringify({
              metadata: {
                annotations: {
                  'shipyard.io/deployed-by': 'jonas.weber',
                  'shipyard.io/deployed-at': `${portal.now
                    .toISOString()
                    .slice(0, 19)}Z`,
                },
              },
              spec: {
                template: {
                  spec: {
                    containers: [{ name: service.component, image: badImage }],
                  },
                },
              },
            }),
          },
        );
        expect(patched.status).toBe(200);
        portal.now = new Date(portal.now.getTime() + 10 * 60_000);
        portal.cache.reset();
        expect(await alarm()).toBe('ALARM');

        await portal.collect();
        const bad = (await deploymentsOf(SRE, 'freight-quote-api'))
          .find(i => i.environment.name === 'prod')!
          .targets.find(t => t.id === target)!;
        expect(bad.running).toMatchObject({ image: badImage });

        const plan = await request(server())
          .get(`${base}/deployments/prod/rollback-plan`)
          .query({ target })
          .set('Authorization', as(SRE));
        expect(plan.status).toBe(200);
        expect(plan.body.to).toMatchObject({ id: good.id, image: good.image });
        const created = await request(server())
          .post(`${base}/rollbacks`)
          .set('Authorization', as(SRE))
          .send({
            environment: 'prod',
            target,
            toRevision: good.id,
            reason: 'Quotes fail since 9.9.9',
            confirmation: 'prod',
          });
        expect(created.status).toBe(202);

        portal.now = new Date(
          portal.now.getTime() + (ROLLOUT_SECONDS + 5) * 1000,
        );
        portal.cache.reset();
        expect(await getRollback(created.body.id)).toMatchObject({
          state: 'succeeded',
          rollout: { rolloutState: 'COMPLETED' },
        });

        // The old ReplicaSet runs again; the metrics recover, the alarm clears.
        portal.now = new Date(portal.now.getTime() + 10 * 60_000);
        expect(await alarm()).toBe('OK');
        await portal.collect();
        const after = (await deploymentsOf(SRE, 'freight-quote-api'))
          .find(i => i.environment.name === 'prod')!
          .targets.find(t => t.id === target)!;
        expect(after.running).toMatchObject({
          id: good.id,
          image: good.image,
          gitSha: good.gitSha,
          deployedBy: SRE,
        });
      } finally {
        cloudwatch.destroy();
      }
    });

    it('rolls an EKS Deployment back and follows its rollout', async () => {
      const base =
        '/api/deployments/components/default/component/freight-quote-api';
      const target = 'eks:staging-eks/team-freight/freight-quote-api';
      const plan = await request(server())
        .get(`${base}/deployments/staging/rollback-plan`)
        .query({ target })
        .set('Authorization', as(SRE));
      expect(plan.status).toBe(200);
      expect(plan.body).toMatchObject({
        target,
        confirmationRequired: false,
        changes: { image: { from: plan.body.from.image } },
      });

      const created = await request(server())
        .post(`${base}/rollbacks`)
        .set('Authorization', as(SRE))
        .send({
          environment: 'staging',
          target,
          toRevision: plan.body.to.id,
          reason: 'Quotes time out since the last release',
        });
      expect(created.status).toBe(202);
      expect(created.body.state).toBe('rolling-out');

      portal.now = new Date(
        portal.now.getTime() + (ROLLOUT_SECONDS + 5) * 1000,
      );
      portal.cache.reset();
      expect((await getRollback(created.body.id)).state).toBe('succeeded');

      await portal.collect();
      const items = await deploymentsOf(SRE, 'freight-quote-api');
      const staging = items.find(i => i.environment.name === 'staging')!;
      expect(staging.targets[0].running).toMatchObject({
        image: plan.body.to.image,
      });

      // The feed lists the rollback once, not also the deployment it caused.
      const feed = await request(server())
        .get('/api/deployments/operations')
        .query({
          entityRef: 'component:default/freight-quote-api',
          environment: 'staging',
        })
        .set('Authorization', as(SRE));
      expect(feed.status).toBe(200);
      expect(
        feed.body.items
          .filter((o: { by?: string }) => o.by === SRE)
          .map((o: { id: string; type: string; state?: string }) => ({
            id: o.id,
            type: o.type,
            state: o.state,
          })),
      ).toEqual([
        { id: created.body.id, type: 'rollback', state: 'succeeded' },
      ]);
    });

    it('answers DORA figures per owner and environment', async () => {
      // A finished prod rollback to count: the DR region's service, which no
      // other test rolls back.
      const dr = portal.sandbox.scenario
        .findServices({ component: 'checkout-api', environment: 'prod' })
        .find(s => s.cluster === 'prod-apps-dr')!;
      const plan = await request(server())
        .get(`${CHECKOUT}/deployments/prod/rollback-plan`)
        .query({ target: dr.arn })
        .set('Authorization', as(SRE));
      expect(plan.status).toBe(200);
      const created = await rollBack(SRE, {
        environment: 'prod',
        target: dr.arn,
        toRevision: plan.body.to.id,
        reason: 'Fail over with the previous release',
        confirmation: 'prod',
      });
      expect(created.status).toBe(202);
      portal.now = new Date(
        portal.now.getTime() + (ROLLOUT_SECONDS + 5) * 1000,
      );
      portal.cache.reset();
      expect((await getRollback(created.body.id)).state).toBe('succeeded');

      const res = await request(server())
        .get('/api/deployments/dora')
        .query({ days: 30 })
        .set('Authorization', as(MANAGER));
      expect(res.status).toBe(200);
      expect(Date.parse(res.body.to) - Date.parse(res.body.from)).toBe(
        30 * 86_400_000,
      );
      const items: Array<{
        owner: string;
        environment: string;
        deployments: number;
        rollbacks: number;
        changeFailureRate: number;
      }> = res.body.items;
      const keys = items.map(i => `${i.owner} ${i.environment}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys).toEqual(
        expect.arrayContaining([
          'group:default/team-storefront prod',
          'group:default/team-freight prod',
        ]),
      );

      // The figures count what the operations feed lists.
      const storefrontProd = items.find(
        i =>
          i.owner === 'group:default/team-storefront' &&
          i.environment === 'prod',
      )!;
      const rollbacks = await request(server())
        .get('/api/deployments/operations')
        .query({
          owner: 'group:default/team-storefront',
          environment: 'prod',
          type: 'rollback',
        })
        .set('Authorization', as(MANAGER));
      expect(storefrontProd.rollbacks).toBe(rollbacks.body.items.length);
      expect(storefrontProd.deployments).toBeGreaterThan(0);
      expect(storefrontProd.changeFailureRate).toBeGreaterThanOrEqual(0);
      expect(storefrontProd.changeFailureRate).toBeLessThanOrEqual(1);

      // Over 90 days, which holds every release of the scenario, the
      // release the prod rollback moved away from counts as a failed change,
      // restored when the rollback succeeded.
      const quarter = await request(server())
        .get('/api/deployments/dora')
        .query({
          days: 90,
          owner: 'group:default/team-storefront',
          environment: 'prod',
        })
        .set('Authorization', as(MANAGER));
      expect(quarter.status).toBe(200);
      expect(quarter.body.items).toEqual([
        expect.objectContaining({
          owner: 'group:default/team-storefront',
          environment: 'prod',
          rollbacks: storefrontProd.rollbacks,
          changeFailureRate: expect.any(Number),
          medianTimeToRestoreMinutes: expect.any(Number),
        }),
      ]);
      expect(quarter.body.items[0].changeFailureRate).toBeGreaterThan(0);

      // Lead time from the commit times the sandbox's pipeline records:
      // prod deploys a release 26 h (the DR region 26.5 h) after it was cut,
      // which is 12 min to 36 h after its commit. A deployment made in these
      // tests without a commit tag does not count.
      const [lead] = quarter.body.items;
      expect(lead.leadTimeDeployments).toBeGreaterThan(0);
      expect(lead.leadTimeDeployments).toBeLessThanOrEqual(lead.deployments);
      expect(lead.medianLeadTimeMinutes).toBeGreaterThan(26 * 60 + 12);
      expect(lead.medianLeadTimeMinutes).toBeLessThan((26.5 + 36) * 60);
    });
  },
);
