import {
  DescribeServicesCommand,
  ECSClient,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  mockCredentials,
  mockServices,
  ServiceFactoryTester,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AwsServiceUnavailableError,
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultKubernetesDeploymentWriter,
  DefaultKubernetesReader,
  DefaultResourceLocator,
  DefaultShipyardEnvironments,
  listShipyardComponents,
  readShipyardTagKeys,
} from '@internal/plugin-aws-node';
import { RollbackRequest } from '@internal/plugin-deployments-common';
import { createTestDatabases } from '@internal/test-databases';
import {
  builtinServices,
  createSandboxServer,
  SandboxError,
  sandboxPortalConfig,
  SandboxServer,
  SandboxService,
} from 'sandbox';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DefaultDeploymentsStore } from '../database/DefaultDeploymentsStore';
import { DefaultRollbackStore } from '../database/DefaultRollbackStore';
import { StoredRevision } from '../database/DeploymentsStore';
import { EcsDeploymentTargets } from '../targets/EcsDeploymentTargets';
import { EksDeploymentTargets } from '../targets/EksDeploymentTargets';
import { RollbackService } from './RollbackService';
import { createResettableCache } from '@internal/backend-test-helpers';

jest.setTimeout(60_000);

const ROLLOUT_SECONDS = 20;
const SRE = 'user:default/sam.okafor';
const CHECKOUT = 'component:default/checkout-api';
const FREIGHT = 'component:default/freight-quote-api';
const EKS_TARGET = 'eks:prod-eks/team-freight/freight-quote-api';
const K8S_REF = {
  environment: 'prod',
  cluster: 'prod-eks',
  namespace: 'team-freight',
  name: 'freight-quote-api',
};

/** The two demo components as catalog/components.yaml declares them. */
const entities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'checkout-api',
      namespace: 'default',
      annotations: { 'shipyard.io/runtime': 'ecs' },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-storefront',
      system: 'storefront',
    },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'freight-quote-api',
      namespace: 'default',
      annotations: {
        'shipyard.io/runtime': 'eks',
        'backstage.io/kubernetes-id': 'freight-quote-api',
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-freight',
      system: 'freight-marketplace',
    },
  },
];

const checkoutRef = {
  kind: 'component',
  namespace: 'default',
  name: 'checkout-api',
};
const freightRef = {
  kind: 'component',
  namespace: 'default',
  name: 'freight-quote-api',
};

/** ECS answering UpdateService as it does for a role without ecs:UpdateService. */
const ecsDenyingUpdateService: SandboxService = (() => {
  const ecs = builtinServices.find(s => s.name === 'ecs')!;
  return {
    ...ecs,
    operations: {
      ...ecs.operations,
      UpdateService: (_input, ctx) => {
        throw new SandboxError(
          'AccessDeniedException',
          `User: arn:aws:sts::${ctx.accountId}:assumed-role/shipyard-portal/backstage is not authorized to perform: ecs:UpdateService`,
          400,
        );
      },
    },
  };
})();

const databases = createTestDatabases();

describe('RollbackService', () => {
  let world: Awaited<ReturnType<typeof createWorld>> | undefined;

  afterEach(async () => {
    await world?.close();
    world = undefined;
  });

  async function createWorld(
    databaseId: TestDatabaseId,
    options: { services?: SandboxService[]; rolloutCacheTtlMs?: number } = {},
  ) {
    const clock = { now: new Date() };
    const server: SandboxServer = await createSandboxServer({
      port: 0,
      now: () => clock.now,
      rolloutSeconds: ROLLOUT_SECONDS,
      services: options.services,
    });
    const config = new ConfigReader(
      sandboxPortalConfig(server, { maxAttempts: 1 }),
    );
    const counter = DefaultAwsCallCounter.create();
    const clientFactory = DefaultAwsClientFactory.fromConfig(config, {
      counter,
    });
    const environments = DefaultShipyardEnvironments.fromConfig(config);
    const deps = { environments, clientFactory, counter };
    const reader = DefaultKubernetesReader.fromConfig(config, deps);
    const writer = DefaultKubernetesDeploymentWriter.fromConfig(config, deps);
    const locator = DefaultResourceLocator.fromConfig(config, {
      ...deps,
      cache: await ServiceFactoryTester.from(
        mockServices.cache.factory(),
      ).getSubject('deployments'),
      kubernetes: reader,
    });
    const tagKeys = readShipyardTagKeys(config);
    const targets = [
      EcsDeploymentTargets.create({
        environments,
        clientFactory,
        locator,
        tagKeys,
      }),
      EksDeploymentTargets.create({
        environments,
        locator,
        reader,
        writer,
        tagKeys,
      }),
    ];

    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = DefaultDeploymentsStore.create({ knex });
    const rollbackStore = DefaultRollbackStore.create({ knex });

    const catalog = catalogServiceMock({ entities });
    const permissions = mockServices.permissions.mock();
    const decision: { result: AuthorizeResult.ALLOW | AuthorizeResult.DENY } = {
      result: AuthorizeResult.ALLOW,
    };
    permissions.authorize.mockImplementation(async requests =>
      requests.map(() => ({ result: decision.result })),
    );
    const send = jest.fn<
      ReturnType<NotificationService['send']>,
      Parameters<NotificationService['send']>
    >(async () => {});
    const logger = mockServices.logger.mock();
    const cache = createResettableCache();

    const service = RollbackService.create({
      store,
      rollbacks: rollbackStore,
      catalog,
      environments,
      permissions,
      targets,
      tagKeys,
      cache: cache.forPlugin('deployments'),
      rolloutCacheTtlMs: options.rolloutCacheTtlMs ?? 60_000,
      logger,
      notifications: { send },
      now: () => clock.now,
    });

    const checkout = server.scenario.findServices({
      component: 'checkout-api',
      environment: 'prod',
      region: 'eu-west-1',
    })[0];
    const ecs = clientFactory.getClient(ECSClient, checkout);

    return {
      server,
      store,
      rollbackStore,
      service,
      send,
      logger,
      reader,
      checkout,
      deny() {
        decision.result = AuthorizeResult.DENY;
      },
      /** Moves the sandbox's and the service's clock; cached rollouts go. */
      advance(seconds: number) {
        clock.now = new Date(clock.now.getTime() + seconds * 1000);
        cache.reset();
      },
      /** One collector pass over prod, stored as collectDeployments stores it. */
      async collectProd() {
        const components = await listShipyardComponents({
          auth: mockServices.auth(),
          catalog,
          environments,
          logger,
        });
        const collectedAt = new Date();
        const results = await Promise.all(
          targets.map(t =>
            t.collect({
              environment: 'prod',
              components,
              knownRevisionIds: ids => store.knownRevisionIds(ids),
            }),
          ),
        );
        await store.saveRevisions(results.flatMap(r => r.revisions));
        await store.recordDeployments(results.flatMap(r => r.deployments));
        await store.replaceTargets(
          'prod',
          results.flatMap(r => r.targets),
          collectedAt,
        );
      },
      /** A stored revision of the target with another image than what runs. */
      async older(
        entityRef: string,
        targetId: string,
      ): Promise<StoredRevision> {
        const stored = await store.getTarget({
          entityRef,
          environment: 'prod',
          targetId,
        });
        const running = stored!.target.running!;
        const revision = (await store.listRevisions(targetId)).find(
          r => r.revision.image !== running.image,
        );
        expect(revision).toBeDefined();
        return revision!;
      },
      /** The task definition the checkout service runs, read through the SDK. */
      async checkoutTaskDefinition() {
        const output = await ecs.send(
          new DescribeServicesCommand({
            cluster: checkout.cluster,
            services: [checkout.arn],
          }),
        );
        const [described] = output.services!;
        return (
          described.deployments?.find(d => d.status === 'PRIMARY')
            ?.taskDefinition ?? described.taskDefinition
        );
      },
      async updateCheckout(taskDefinition: string) {
        await ecs.send(
          new UpdateServiceCommand({
            cluster: checkout.cluster,
            service: checkout.arn,
            taskDefinition,
          }),
        );
      },
      async tagCheckout(key: string, value: string) {
        await ecs.send(
          new TagResourceCommand({
            resourceArn: checkout.arn,
            tags: [{ key, value }],
          }),
        );
      },
      updateServiceCalls: () => server.stats.count('ecs', 'UpdateService'),
      async close() {
        clientFactory.destroy();
        await server.close();
        await knex.destroy();
      },
    };
  }

  const credentials = mockCredentials.user(SRE);

  async function checkoutRequest(
    w: NonNullable<typeof world>,
    body: Partial<RollbackRequest> = {},
  ): Promise<RollbackRequest> {
    const to = await w.older(CHECKOUT, w.checkout.arn);
    return {
      environment: 'prod',
      target: w.checkout.arn,
      toRevision: to.revision.id,
      reason: '  Checkout errors since the last release  ',
      confirmation: 'prod',
      ...body,
    };
  }

  const allRollbacks = (w: NonNullable<typeof world>) =>
    w.rollbackStore.list({ limit: 100 });

  it.each(databases.eachSupportedId())(
    'rolls an ECS service back in prod with confirmation, follows the rollout to success and tells the owners, %p',
    async databaseId => {
      world = await createWorld(databaseId);
      const w = world;
      await w.collectProd();
      const running = await w.checkoutTaskDefinition();
      const body = await checkoutRequest(w);

      const created = await w.service.create({
        entityRef: checkoutRef,
        body,
        credentials,
      });

      expect(created).toEqual({
        id: expect.any(String),
        entityRef: CHECKOUT,
        environment: 'prod',
        target: w.checkout.arn,
        from: expect.objectContaining({ id: running }),
        to: expect.objectContaining({ id: body.toRevision }),
        reason: 'Checkout errors since the last release',
        requestedBy: SRE,
        requestedAt: expect.any(String),
        state: 'rolling-out',
        steps: [
          expect.objectContaining({ state: 'requested' }),
          expect.objectContaining({ state: 'mutating' }),
          expect.objectContaining({
            state: 'rolling-out',
            message: expect.stringContaining('waiting for the rollout'),
          }),
        ],
      });
      expect(created.error).toBeUndefined();
      expect(created.finishedAt).toBeUndefined();
      expect(await w.checkoutTaskDefinition()).toBe(body.toRevision);
      expect(w.updateServiceCalls()).toBe(1);

      const during = await w.service.get(created.id);
      expect(during.state).toBe('rolling-out');
      expect(during.rollout).toMatchObject({ rolloutState: 'IN_PROGRESS' });

      w.advance(ROLLOUT_SECONDS + 5);
      const done = await w.service.get(created.id);
      expect(done).toMatchObject({
        id: created.id,
        state: 'succeeded',
        finishedAt: expect.any(String),
        rollout: {
          rolloutState: 'COMPLETED',
          desiredCount: w.checkout.desiredCount,
          runningCount: w.checkout.desiredCount,
          pendingCount: 0,
          observedAt: expect.any(String),
        },
      });
      expect(done.steps.map(s => s.state)).toEqual([
        'requested',
        'mutating',
        'rolling-out',
        'succeeded',
      ]);
      // Internal fields of the rollout stay internal.
      expect(done.rollout).not.toHaveProperty('runningId');
      // Finished: later reads come from the record alone.
      await expect(w.service.get(created.id)).resolves.not.toHaveProperty(
        'rollout',
      );

      expect(w.send.mock.calls.map(([n]) => n)).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: 'group:default/team-storefront',
          },
          payload: expect.objectContaining({
            title: 'Rollback of checkout-api in prod started',
            severity: 'high',
            scope: `rollback:${created.id}:started`,
            link: '/catalog/default/component/checkout-api/deployments',
          }),
        },
        {
          recipients: {
            type: 'entity',
            entityRef: 'group:default/team-storefront',
          },
          payload: expect.objectContaining({
            title: 'Rollback of checkout-api in prod succeeded',
            scope: `rollback:${created.id}:succeeded`,
          }),
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls an EKS Deployment back in prod and follows it to success, %p',
    async databaseId => {
      world = await createWorld(databaseId);
      const w = world;
      await w.collectProd();
      const to = await w.older(FREIGHT, EKS_TARGET);

      const created = await w.service.create({
        entityRef: freightRef,
        body: {
          environment: 'prod',
          target: EKS_TARGET,
          toRevision: to.revision.id,
          reason: 'Quotes time out',
          confirmation: 'prod',
        },
        credentials,
      });
      expect(created).toMatchObject({
        entityRef: FREIGHT,
        target: EKS_TARGET,
        state: 'rolling-out',
        to: { id: to.revision.id },
      });
      expect(created.steps.map(s => s.state)).toEqual([
        'requested',
        'mutating',
        'rolling-out',
      ]);
      const deployment = await w.reader.getDeployment(K8S_REF);
      const template = deployment.spec.template as {
        spec: { containers: { image: string }[] };
      };
      expect(template.spec.containers[0].image).toBe(to.revision.image);

      w.advance(ROLLOUT_SECONDS + 10);
      const done = await w.service.get(created.id);
      expect(done).toMatchObject({
        state: 'succeeded',
        rollout: { rolloutState: 'COMPLETED' },
      });
      expect(w.send.mock.calls.map(([n]) => n.recipients)).toEqual([
        { type: 'entity', entityRef: 'group:default/team-freight' },
        { type: 'entity', entityRef: 'group:default/team-freight' },
      ]);
      expect(w.send.mock.calls.map(([n]) => n.payload.scope)).toEqual([
        `rollback:${created.id}:started`,
        `rollback:${created.id}:succeeded`,
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses prod without the right confirmation, and without permission, writing nothing, %p',
    async databaseId => {
      world = await createWorld(databaseId);
      const w = world;
      await w.collectProd();

      for (const confirmation of [undefined, 'staging', 'Prod']) {
        const body = await checkoutRequest(w, { confirmation });
        if (confirmation === undefined) {
          delete body.confirmation;
        }
        const error = await w.service
          .create({ entityRef: checkoutRef, body, credentials })
          .catch(e => e);
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toContain('"confirmation": "prod"');
      }

      w.deny();
      const denied = await w.service
        .create({
          entityRef: checkoutRef,
          body: await checkoutRequest(w),
          credentials,
        })
        .catch(e => e);
      expect(denied).toBeInstanceOf(NotAllowedError);
      expect(denied.message).toContain('deployments.rollback');

      expect(await allRollbacks(w)).toEqual([]);
      expect(w.updateServiceCalls()).toBe(0);
      expect(w.send).not.toHaveBeenCalled();
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses unknown and foreign revisions, unknown targets and environments, mutating nothing, %p',
    async databaseId => {
      world = await createWorld(databaseId);
      const w = world;
      await w.collectProd();
      const running = await w.checkoutTaskDefinition();
      const attempt = async (body: Partial<RollbackRequest>) =>
        w.service
          .create({
            entityRef: checkoutRef,
            body: await checkoutRequest(w, body),
            credentials,
          })
          .catch(e => e);

      const unknown = await attempt({
        toRevision: `${w.checkout.arn.split(':service/')[0]}:task-definition/${
          w.checkout.family
        }:999`,
      });
      expect(unknown).toBeInstanceOf(NotFoundError);

      // A stored revision, but of another target (the EKS Deployment).
      const foreign = await w.older(FREIGHT, EKS_TARGET);
      const error = await attempt({ toRevision: foreign.revision.id });
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error.message).toContain('is not a known revision');

      const noTarget = await attempt({
        target: w.checkout.arn.replace(/checkout-api$/, 'no-such-service'),
      });
      expect(noTarget).toBeInstanceOf(NotFoundError);

      const noEnvironment = await attempt({ environment: 'qa' });
      expect(noEnvironment).toBeInstanceOf(InputError);
      expect(noEnvironment.message).toMatch(/dev.*staging.*prod|prod.*dev/);

      expect(await allRollbacks(w)).toEqual([]);
      expect(w.updateServiceCalls()).toBe(0);
      expect(await w.checkoutTaskDefinition()).toBe(running);
    },
  );

  it.each(databases.eachSupportedId())(
    "refuses a service whose live shipyard:owner tag is not the entity's, recording the refusal, %p",
    async databaseId => {
      world = await createWorld(databaseId);
      const w = world;
      await w.collectProd();
      const running = await w.checkoutTaskDefinition();
      await w.tagCheckout('shipyard:owner', 'team-payments');

      const error = await w.service
        .create({
          entityRef: checkoutRef,
          body: await checkoutRequest(w),
          credentials,
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toContain('shipyard:owner');

      const [record] = await allRollbacks(w);
      expect(record).toMatchObject({
        state: 'failed',
        error: expect.stringContaining('shipyard:owner'),
        finishedAt: expect.any(Date),
      });
      expect(record.error).toContain('team-payments');
      expect(record.steps.map(s => s.state)).toEqual([
        'requested',
        'mutating',
        'failed',
      ]);
      expect(w.updateServiceCalls()).toBe(0);
      expect(await w.checkoutTaskDefinition()).toBe(running);
      // The refusal finished the record: the target is free again.
      await expect(
        w.rollbackStore.getActive(w.checkout.arn, 'prod'),
      ).resolves.toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'answers NotAllowedError when AWS denies UpdateService, and records the AWS message as the cause, %p',
    async databaseId => {
      world = await createWorld(databaseId, {
        services: [ecsDenyingUpdateService],
      });
      const w = world;
      await w.collectProd();
      const running = await w.checkoutTaskDefinition();

      const error = await w.service
        .create({
          entityRef: checkoutRef,
          body: await checkoutRequest(w),
          credentials,
        })
        .catch(e => e);
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toContain('ecs:UpdateService');

      const [record] = await allRollbacks(w);
      expect(record.state).toBe('failed');
      // Shipyard's sentence for every reader; AWS's answer (the role's ARN,
      // the account) apart, for callers with aws.diagnostics.read.
      expect(record.error).toBe(
        "AWS did not accept the rollback. The collector's next pass shows what runs.",
      );
      expect(record.errorCause).toContain('is not authorized to perform');
      expect(record.steps.at(-1)?.message).toBe(record.error);
      expect(record.steps.map(s => s.state)).toEqual([
        'requested',
        'mutating',
        'failed',
      ]);
      expect(await w.checkoutTaskDefinition()).toBe(running);
    },
  );

  it.each(databases.eachSupportedId())(
    'lets one of two concurrent rollbacks of a target through, and answers a repeated idempotency key with the same rollback, %p',
    async databaseId => {
      world = await createWorld(databaseId);
      const w = world;
      await w.collectProd();
      const body = await checkoutRequest(w);

      const results = await Promise.allSettled([
        w.service.create({ entityRef: checkoutRef, body, credentials }),
        w.service.create({ entityRef: checkoutRef, body, credentials }),
      ]);
      const fulfilled = results.flatMap(r =>
        r.status === 'fulfilled' ? [r.value] : [],
      );
      const rejected = results.flatMap(r =>
        r.status === 'rejected' ? [r.reason] : [],
      );
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toBeInstanceOf(ConflictError);
      expect(rejected[0].message).toContain(fulfilled[0].id);
      expect(await allRollbacks(w)).toHaveLength(1);
      expect(w.updateServiceCalls()).toBe(1);

      // Let that one finish, then send one request twice.
      w.advance(ROLLOUT_SECONDS + 5);
      await expect(w.service.get(fulfilled[0].id)).resolves.toMatchObject({
        state: 'succeeded',
      });
      await w.collectProd();
      const again = await checkoutRequest(w);
      const first = await w.service.create({
        entityRef: checkoutRef,
        body: again,
        idempotencyKey: 'retry-1',
        credentials,
      });
      const second = await w.service.create({
        entityRef: checkoutRef,
        body: again,
        idempotencyKey: 'retry-1',
        credentials,
      });
      expect(second.id).toBe(first.id);
      expect(second.state).toBe('rolling-out');
      expect(w.updateServiceCalls()).toBe(2);
      expect(await allRollbacks(w)).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'settles rollbacks a crash cut off: failed when AWS never got the change, rolled out when it did, %p',
    async databaseId => {
      world = await createWorld(databaseId);
      const w = world;
      await w.collectProd();
      const stored = await w.store.getTarget({
        entityRef: CHECKOUT,
        environment: 'prod',
        targetId: w.checkout.arn,
      });
      const from = stored!.target.running!;
      const to = await w.older(CHECKOUT, w.checkout.arn);
      const intent = {
        entityRef: CHECKOUT,
        owner: 'group:default/team-storefront',
        environment: 'prod',
        targetId: w.checkout.arn,
        requestedBy: SRE,
        from,
        to: to.revision,
        reason: 'Checkout errors',
      };

      // The backend stopped after writing the intent.
      const { rollback: cut } = await w.rollbackStore.createIntent(intent);
      await w.service.settleUnfinished();
      await expect(w.rollbackStore.get(cut.id)).resolves.toMatchObject({
        state: 'requested',
      });

      w.advance(3 * 60);
      await w.service.settleUnfinished();
      const failed = await w.rollbackStore.get(cut.id);
      expect(failed).toMatchObject({ state: 'failed' });
      expect(failed!.error).toContain('Interrupted in state requested');
      expect(failed!.error).toContain(`does not run ${to.revision.revision}`);
      expect(w.updateServiceCalls()).toBe(0);
      expect(w.send).toHaveBeenCalledTimes(0);

      // The backend stopped after UpdateService reached AWS.
      const { rollback: reached } = await w.rollbackStore.createIntent(intent);
      await w.rollbackStore.transition(reached.id, 'mutating');
      w.advance(3 * 60);
      await w.updateCheckout(to.revision.id);
      await w.service.settleUnfinished();
      const rolling = await w.rollbackStore.get(reached.id);
      expect(rolling).toMatchObject({ state: 'rolling-out' });
      expect(rolling!.steps.at(-1)!.message).toContain(
        'reached AWS before the backend stopped',
      );

      w.advance(ROLLOUT_SECONDS + 5);
      await w.service.settleUnfinished();
      const settled = await w.rollbackStore.get(reached.id);
      expect(settled).toMatchObject({ state: 'succeeded' });
      expect(settled!.steps.map(s => s.state)).toEqual([
        'requested',
        'mutating',
        'rolling-out',
        'succeeded',
      ]);
      expect(w.send.mock.calls.map(([n]) => n.payload.scope)).toEqual([
        `rollback:${reached.id}:succeeded`,
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    "follows an undo started right after a rollback finished, not the finished one's cached rollout, %p",
    async databaseId => {
      world = await createWorld(databaseId);
      const w = world;
      await w.collectProd();
      const original = await w.checkoutTaskDefinition();
      const first = await w.service.create({
        entityRef: checkoutRef,
        body: await checkoutRequest(w),
        credentials,
      });
      w.advance(ROLLOUT_SECONDS + 5);
      await expect(w.service.get(first.id)).resolves.toMatchObject({
        state: 'succeeded',
      });

      // Within the rollout cache's TTL, the SRE undoes it.
      await w.collectProd();
      const undo = await w.service.create({
        entityRef: checkoutRef,
        body: await checkoutRequest(w, { toRevision: original }),
        credentials,
      });
      expect(undo.from.id).toBe(first.to.id);
      const watched = await w.service.get(undo.id);
      expect(watched.state).toBe('rolling-out');
      expect(watched.rollout?.rolloutState).toBe('IN_PROGRESS');
      expect(watched.error).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'answers a 503 while AWS throttles the rollout read, leaving the record as it was, %p',
    async databaseId => {
      world = await createWorld(databaseId);
      const w = world;
      await w.collectProd();
      const created = await w.service.create({
        entityRef: checkoutRef,
        body: await checkoutRequest(w),
        credentials,
      });
      const before = await w.rollbackStore.get(created.id);

      w.advance(ROLLOUT_SECONDS + 5);
      w.server.faults.add({
        service: 'ecs',
        operation: 'DescribeServices',
        kind: 'throttle',
      });
      const error = await w.service.get(created.id).catch(e => e);
      expect(error).toBeInstanceOf(AwsServiceUnavailableError);
      // The backend's error handler answers it with 503; the router adds Retry-After.
      expect(error.name).toBe('ServiceUnavailableError');
      expect(error.retryAfterSeconds).toBeGreaterThan(0);
      await expect(w.rollbackStore.get(created.id)).resolves.toEqual(before);

      // The collector's pass logs it and leaves the record alone too.
      await w.service.settleUnfinished();
      await expect(w.rollbackStore.get(created.id)).resolves.toEqual(before);
      expect(w.logger.warn).toHaveBeenCalledWith(
        expect.stringContaining(created.id),
      );

      w.server.faults.clear();
      await expect(w.service.get(created.id)).resolves.toMatchObject({
        state: 'succeeded',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'reads the rollout from AWS once per cache TTL, however often it is asked, %p',
    async databaseId => {
      world = await createWorld(databaseId, { rolloutCacheTtlMs: 60_000 });
      const w = world;
      await w.collectProd();
      const created = await w.service.create({
        entityRef: checkoutRef,
        body: await checkoutRequest(w),
        credentials,
      });
      const describes = () => w.server.stats.count('ecs', 'DescribeServices');
      const start = describes();

      const answers = [];
      for (let i = 0; i < 20; i++) {
        answers.push(await w.service.get(created.id));
      }
      expect(describes() - start).toBe(1);
      expect(new Set(answers.map(a => a.rollout?.observedAt)).size).toBe(1);
      expect(answers.every(a => a.state === 'rolling-out')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'shares one AWS read between viewers that ask at the same moment, %p',
    async databaseId => {
      world = await createWorld(databaseId, { rolloutCacheTtlMs: 60_000 });
      const w = world;
      await w.collectProd();
      const created = await w.service.create({
        entityRef: checkoutRef,
        body: await checkoutRequest(w),
        credentials,
      });
      const describes = () => w.server.stats.count('ecs', 'DescribeServices');
      const start = describes();

      const answers = await Promise.all(
        Array.from({ length: 20 }, () => w.service.get(created.id)),
      );
      expect(describes() - start).toBe(1);
      expect(answers.every(a => a.rollout !== undefined)).toBe(true);
    },
  );
});
