import { InputError } from '@backstage/errors';
import {
  DeploymentTarget,
  Revision,
} from '@internal/plugin-deployments-common';
import { createTestDatabases } from '@internal/test-databases';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';
import { DefaultDeploymentsStore } from './DefaultDeploymentsStore';
import {
  StoredDeployment,
  StoredRevision,
  StoredTarget,
} from './DeploymentsStore';

jest.setTimeout(60_000);

const CHECKOUT = 'component:default/checkout-api';
const PAYMENTS = 'component:default/payments-api';

const T1 = new Date('2026-12-01T10:00:00Z');
const T2 = new Date('2026-12-01T10:05:00Z');
const T3 = new Date('2026-12-01T10:10:00Z');

function revision(family: string, n: number): Revision {
  return {
    id: `arn:aws:ecs:eu-west-1:123456789012:task-definition/${family}:${n}`,
    revision: `${family}:${n}`,
    image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/${family}:1.${n}.0`,
    imageTag: `1.${n}.0`,
  };
}

function storedRevision(
  family: string,
  n: number,
  environment: string[] = ['LOG_LEVEL'],
): StoredRevision {
  return {
    revision: revision(family, n),
    spec: { environment, secrets: ['DB_PASSWORD'] },
    targetId: `arn:aws:ecs:eu-west-1:123456789012:service/prod/${family}`,
    family,
  };
}

function target(
  name: string,
  options: {
    entityRef?: string;
    environment?: string;
    collectedAt?: Date;
    runningCount?: number;
  } = {},
): StoredTarget {
  const environment = options.environment ?? 'prod';
  const deploymentTarget: DeploymentTarget = {
    id: `arn:aws:ecs:eu-west-1:123456789012:service/${environment}/${name}`,
    kind: 'ecs-service',
    cluster: environment,
    name,
    accountId: '123456789012',
    region: 'eu-west-1',
    running: revision(name, 3),
    rolloutState: 'COMPLETED',
    desiredCount: 2,
    runningCount: options.runningCount ?? 2,
    pendingCount: 0,
    history: [],
    events: [],
    failures: [],
  };
  return {
    entityRef: options.entityRef ?? CHECKOUT,
    owner: 'group:default/payments',
    environment,
    target: deploymentTarget,
    collectedAt: options.collectedAt ?? T1,
  };
}

function deployment(
  id: string,
  overrides: Partial<StoredDeployment> = {},
): StoredDeployment {
  return {
    id,
    entityRef: CHECKOUT,
    owner: 'group:default/payments',
    environment: 'prod',
    targetId: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api',
    revision: revision('checkout-api', 1),
    deployedAt: T1,
    ...overrides,
  };
}

describe('DefaultDeploymentsStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    return { knex, store: DefaultDeploymentsStore.create({ knex }) };
  }

  it.each(databases.eachSupportedId())(
    'replaceTargets upserts the targets and removes only the older ones of that environment, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const web = target('checkout-web');
      const api = target('checkout-api');
      const dev = target('checkout-api', { environment: 'dev' });
      const payments = target('payments-api', { entityRef: PAYMENTS });
      await store.replaceTargets('prod', [web, api, payments], T1);
      await store.replaceTargets('dev', [dev], T1);

      const scaled = target('checkout-api', {
        collectedAt: T2,
        runningCount: 5,
      });
      const worker = target('checkout-worker', { collectedAt: T2 });
      await store.replaceTargets(
        'prod',
        [scaled, worker, { ...payments, collectedAt: T2 }],
        T2,
      );

      await expect(store.listTargets(CHECKOUT)).resolves.toEqual([
        dev,
        scaled,
        worker,
      ]);
      await expect(store.listTargets(PAYMENTS)).resolves.toEqual([
        { ...payments, collectedAt: T2 },
      ]);
      await expect(
        store.getTarget({
          entityRef: CHECKOUT,
          environment: 'prod',
          targetId: web.target.id,
        }),
      ).resolves.toBeUndefined();
      await expect(
        store.getTarget({
          entityRef: CHECKOUT,
          environment: 'prod',
          targetId: scaled.target.id,
        }),
      ).resolves.toEqual(scaled);

      // An environment's run that saw nothing empties that environment only.
      await store.replaceTargets('dev', [], T3);
      await expect(store.listTargets(CHECKOUT)).resolves.toEqual([
        scaled,
        worker,
      ]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'replaceTargets keeps a target the run saw even when the target was collected before the run time, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const api = target('checkout-api', { collectedAt: T1 });
      await store.replaceTargets('prod', [api], T1);

      const apiReadEarly = target('checkout-api', {
        collectedAt: T2,
        runningCount: 4,
      });
      await store.replaceTargets('prod', [apiReadEarly], T3);

      await expect(store.listTargets(CHECKOUT)).resolves.toEqual([
        apiReadEarly,
      ]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'replaceTargets of a run that finishes late does not overwrite or remove what a newer run saw, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const newer = target('checkout-api', {
        collectedAt: T2,
        runningCount: 5,
      });
      await store.replaceTargets('prod', [newer], T2);

      await store.replaceTargets(
        'prod',
        [target('checkout-api', { collectedAt: T1, runningCount: 1 })],
        T1,
      );

      await expect(store.listTargets(CHECKOUT)).resolves.toEqual([newer]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'replaceTargets refuses a target of another environment and keeps the last of a repeated one, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);

      await expect(
        store.replaceTargets(
          'prod',
          [target('checkout-api', { environment: 'dev' })],
          T1,
        ),
      ).rejects.toThrow(InputError);

      const last = target('checkout-api', { runningCount: 7 });
      await store.replaceTargets(
        'prod',
        [target('checkout-api', { runningCount: 1 }), last],
        T1,
      );
      await expect(store.listTargets(CHECKOUT)).resolves.toEqual([last]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'knownRevisionIds names the stored revisions among the ids asked for, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      await store.saveRevisions([
        storedRevision('checkout-api', 1),
        storedRevision('checkout-api', 2),
      ]);

      await expect(
        store.knownRevisionIds([
          revision('checkout-api', 2).id,
          revision('checkout-api', 3).id,
        ]),
      ).resolves.toEqual(new Set([revision('checkout-api', 2).id]));
      await expect(store.knownRevisionIds([])).resolves.toEqual(new Set());

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'saveRevisions leaves a stored revision as it is, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const first = storedRevision('checkout-api', 1, ['LOG_LEVEL']);
      await store.saveRevisions([first]);

      await store.saveRevisions([
        storedRevision('checkout-api', 1, ['SOMETHING_ELSE']),
        storedRevision('checkout-api', 2),
      ]);

      await expect(store.getRevision(first.revision.id)).resolves.toEqual(
        first,
      );
      await expect(
        store.getRevision(revision('checkout-api', 2).id),
      ).resolves.toEqual(storedRevision('checkout-api', 2));
      await expect(
        store.getRevision(revision('checkout-api', 9).id),
      ).resolves.toBeUndefined();

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "listRevisions lists a target's revisions newest first, %p",
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const other = {
        ...storedRevision('checkout-worker', 50),
        targetId: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/worker',
      };
      await store.saveRevisions([
        storedRevision('checkout-api', 10),
        storedRevision('checkout-api', 9),
        other,
        storedRevision('checkout-api', 41),
      ]);

      const revisions = await store.listRevisions(
        storedRevision('checkout-api', 1).targetId,
      );

      expect(revisions.map(r => r.revision.revision)).toEqual([
        'checkout-api:41',
        'checkout-api:10',
        'checkout-api:9',
      ]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'recordDeployments keeps the commit time to the millisecond, and none where none was recorded, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const committedAt = new Date('2026-11-30T16:47:55.123Z');
      const withCommit = deployment('d-1', { committedAt });
      const withoutCommit = deployment('d-2', { deployedAt: T2 });
      await store.recordDeployments([withCommit, withoutCommit]);

      const listed = await store.listDeployments({ limit: 10 });
      expect(listed).toEqual([withoutCommit, withCommit]);
      expect(listed[1].committedAt).toEqual(committedAt);
      expect(listed[0]).not.toHaveProperty('committedAt');

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'recordDeployments keeps the first record of a repeated id, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const first = deployment('d-1', { deployedBy: 'pipeline:checkout' });
      await store.recordDeployments([first]);

      await store.recordDeployments([
        deployment('d-1', {
          revision: revision('checkout-api', 2),
          deployedBy: 'someone-else',
        }),
        deployment('d-2', { deployedAt: T2, rollbackId: 'r-1' }),
      ]);

      await expect(store.listDeployments({ limit: 10 })).resolves.toEqual([
        deployment('d-2', { deployedAt: T2, rollbackId: 'r-1' }),
        first,
      ]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'listDeployments filters by entity, environment, target, owner and time, newest first, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const apiProd = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/api';
      const webProd = 'arn:aws:ecs:eu-west-1:123456789012:service/prod/web';
      const a = deployment('a', { targetId: apiProd, deployedAt: T1 });
      const b = deployment('b', { targetId: webProd, deployedAt: T2 });
      const c = deployment('c', {
        environment: 'dev',
        targetId: 'arn:aws:ecs:eu-west-1:123456789012:service/dev/api',
        deployedAt: T3,
      });
      const d = deployment('d', {
        entityRef: PAYMENTS,
        owner: 'group:default/billing',
        targetId: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/payments',
        deployedAt: T2,
      });
      const unowned = deployment('e', { owner: undefined, deployedAt: T1 });
      await store.recordDeployments([a, b, c, d, unowned]);

      const ids = async (filter: Parameters<typeof store.listDeployments>[0]) =>
        (await store.listDeployments(filter)).map(x => x.id);

      await expect(ids({ limit: 10 })).resolves.toEqual([
        'c',
        'b',
        'd',
        'a',
        'e',
      ]);
      await expect(ids({ entityRef: CHECKOUT, limit: 10 })).resolves.toEqual([
        'c',
        'b',
        'a',
        'e',
      ]);
      await expect(ids({ environment: 'prod', limit: 10 })).resolves.toEqual([
        'b',
        'd',
        'a',
        'e',
      ]);
      await expect(ids({ targetId: apiProd, limit: 10 })).resolves.toEqual([
        'a',
      ]);
      await expect(
        ids({ owner: 'group:default/billing', limit: 10 }),
      ).resolves.toEqual(['d']);
      await expect(ids({ since: T2, limit: 10 })).resolves.toEqual([
        'c',
        'b',
        'd',
      ]);
      await expect(
        ids({ entityRef: CHECKOUT, environment: 'prod', since: T2, limit: 10 }),
      ).resolves.toEqual(['b']);
      await expect(ids({ limit: 2 })).resolves.toEqual(['c', 'b']);
      await expect(
        store.listDeployments({ targetId: apiProd, limit: 10 }),
      ).resolves.toEqual([a]);
      await expect(
        store.listDeployments({ since: T1, limit: 10 }),
      ).resolves.toContainEqual(unowned);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'reads and writes batches of 1,500 revisions, deployments and targets, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const numbers = Array.from({ length: 1500 }, (_, i) => i + 1);

      await store.saveRevisions(
        numbers.map(n => storedRevision('checkout-api', n)),
      );
      const asked = [...numbers, 1501, 1502].map(
        n => revision('checkout-api', n).id,
      );
      const known = await store.knownRevisionIds(asked);
      expect(known.size).toBe(1500);
      expect(known.has(revision('checkout-api', 1501).id)).toBe(false);
      const revisions = await store.listRevisions(
        storedRevision('checkout-api', 1).targetId,
      );
      expect(revisions).toHaveLength(1500);
      expect(revisions[0].revision.revision).toBe('checkout-api:1500');
      expect(revisions[1499].revision.revision).toBe('checkout-api:1');

      await store.recordDeployments(
        numbers.map(n =>
          deployment(`d-${n}`, { deployedAt: new Date(T1.getTime() + n) }),
        ),
      );
      const deployments = await store.listDeployments({ limit: 2000 });
      expect(deployments).toHaveLength(1500);
      expect(deployments[0].id).toBe('d-1500');

      await store.replaceTargets(
        'prod',
        numbers.map(n => target(`service-${n}`)),
        T1,
      );
      await expect(store.listTargets(CHECKOUT)).resolves.toHaveLength(1500);
      const kept = numbers
        .filter(n => n % 3 === 0)
        .map(n => target(`service-${n}`, { collectedAt: T2 }));
      await store.replaceTargets('prod', kept, T2);
      await expect(store.listTargets(CHECKOUT)).resolves.toHaveLength(500);

      await knex.destroy();
    },
  );
});
