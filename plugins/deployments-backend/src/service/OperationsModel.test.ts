import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { DefaultShipyardEnvironments } from '@internal/plugin-aws-node';
import { sandboxPortalConfig } from 'sandbox';
import { Revision } from '@internal/plugin-deployments-common';
import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DefaultDeploymentsStore } from '../database/DefaultDeploymentsStore';
import { DefaultRollbackStore } from '../database/DefaultRollbackStore';
import { StoredDeployment } from '../database/DeploymentsStore';
import { OperationsModel } from './OperationsModel';

jest.setTimeout(60_000);

const STOREFRONT = 'group:default/team-storefront';
const FREIGHT = 'group:default/team-freight';
const CHECKOUT = 'component:default/checkout-api';
const QUOTES = 'component:default/freight-quote-api';
const CHECKOUT_PROD =
  'arn:aws:ecs:eu-west-1:222222222222:service/prod-apps/checkout-api';
const CHECKOUT_STAGING =
  'arn:aws:ecs:eu-west-1:333333333333:service/staging-apps/checkout-api';
const QUOTES_PROD = 'eks:prod-eks/team-freight/freight-quote-api';
const SRE = 'user:default/sam.okafor';

function checkout(n: number): Revision {
  return {
    id: `arn:aws:ecs:eu-west-1:222222222222:task-definition/checkout-api:${n}`,
    revision: `checkout-api:${n}`,
    image: `checkout-api:1.${n}.0`,
    imageTag: `1.${n}.0`,
  };
}

function quotes(n: number): Revision {
  return {
    id: `${QUOTES_PROD}-rs${n}`,
    revision: String(n),
    image: `freight-quote-api:2.${n}.0`,
    imageTag: `2.${n}.0`,
  };
}

function deployment(
  id: string,
  at: string,
  revision: Revision,
  extra: Partial<StoredDeployment> = {},
): StoredDeployment {
  const isQuotes = revision.id.startsWith('eks:');
  return {
    id,
    entityRef: isQuotes ? QUOTES : CHECKOUT,
    owner: isQuotes ? FREIGHT : STOREFRONT,
    environment: 'prod',
    targetId: isQuotes ? QUOTES_PROD : CHECKOUT_PROD,
    revision,
    deployedAt: new Date(at),
    deployedBy: 'user:default/ci',
    ...extra,
  };
}

const databases = createTestDatabases();

describe('OperationsModel', () => {
  beforeEach(() => {
    // Only Date: the rollback store stamps records with the time it writes
    // them, while the database drivers keep their real timers.
    jest.useFakeTimers({
      doNotFake: [
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
        'setTimeout',
        'clearTimeout',
      ],
    });
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  /**
   * A week of prod and staging: checkout-api is released four times in prod,
   * two of which are rolled back (90 and 40 minutes to restore); quotes
   * twice, one rolled back (180 minutes); one staging release.
   */
  async function createModel(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = DefaultDeploymentsStore.create({ knex });
    const rollbacks = DefaultRollbackStore.create({ knex });

    const rollback = async (options: {
      requestedAt: string;
      finishedAt: string;
      state: 'succeeded' | 'failed';
      from: Revision;
      to: Revision;
    }) => {
      const isQuotes = options.from.id.startsWith('eks:');
      jest.setSystemTime(new Date(options.requestedAt));
      const { rollback: created } = await rollbacks.createIntent({
        entityRef: isQuotes ? QUOTES : CHECKOUT,
        owner: isQuotes ? FREIGHT : STOREFRONT,
        environment: 'prod',
        targetId: isQuotes ? QUOTES_PROD : CHECKOUT_PROD,
        requestedBy: SRE,
        from: options.from,
        to: options.to,
        reason: `Roll back ${options.from.revision}`,
      });
      await rollbacks.transition(created.id, 'rolling-out');
      jest.setSystemTime(new Date(options.finishedAt));
      await rollbacks.transition(
        created.id,
        options.state,
        options.state === 'failed' ? { error: 'The rollout failed' } : {},
      );
      return created.id;
    };

    const r1 = await rollback({
      requestedAt: '2026-03-03T11:00:00Z',
      finishedAt: '2026-03-03T11:30:00Z',
      state: 'succeeded',
      from: checkout(42),
      to: checkout(41),
    });
    const r2 = await rollback({
      requestedAt: '2026-03-05T10:00:00Z',
      finishedAt: '2026-03-05T12:00:00Z',
      state: 'succeeded',
      from: quotes(8),
      to: quotes(7),
    });
    const r3 = await rollback({
      requestedAt: '2026-03-06T10:30:00Z',
      finishedAt: '2026-03-06T10:40:00Z',
      state: 'succeeded',
      from: checkout(43),
      to: checkout(41),
    });

    await store.recordDeployments([
      // Committed 2 h and 5 h before reaching prod; d3 has no commit time.
      deployment('d1', '2026-03-01T10:00:00Z', checkout(40), {
        committedAt: new Date('2026-03-01T08:00:00Z'),
      }),
      deployment('d2', '2026-03-02T10:00:00Z', checkout(41), {
        committedAt: new Date('2026-03-02T05:00:00Z'),
      }),
      deployment('d3', '2026-03-03T10:00:00Z', checkout(42)),
      // A rollback redeploys an older commit: not a lead time.
      deployment('d4', '2026-03-03T11:01:00Z', checkout(41), {
        deployedBy: SRE,
        rollbackId: r1,
        committedAt: new Date('2026-03-02T05:00:00Z'),
      }),
      deployment('d5', '2026-03-02T12:00:00Z', checkout(42), {
        environment: 'staging',
        targetId: CHECKOUT_STAGING,
      }),
      deployment('d6', '2026-03-04T09:00:00Z', quotes(7), {
        committedAt: new Date('2026-03-04T08:30:00Z'),
      }),
      deployment('d7', '2026-03-05T09:00:00Z', quotes(8)),
      // A commit time after the deployment (a wrong tag): left out.
      deployment('d8', '2026-03-06T10:00:00Z', checkout(43), {
        committedAt: new Date('2026-03-06T10:10:00Z'),
      }),
      deployment('d9', '2026-03-06T10:31:00Z', checkout(41), {
        deployedBy: SRE,
        rollbackId: r3,
      }),
      // Before the DORA window.
      deployment('d0', '2026-02-25T10:00:00Z', checkout(39)),
    ]);
    jest.setSystemTime(new Date('2026-03-08T00:00:00Z'));

    return {
      knex,
      ids: { r1, r2, r3 },
      model: OperationsModel.create({
        store,
        rollbacks,
        environments: DefaultShipyardEnvironments.fromConfig(
          new ConfigReader(sandboxPortalConfig()),
        ),
      }),
    };
  }

  it.each(databases.eachSupportedId())(
    "lists deployments and rollbacks newest first, without a rollback's own deployment, marking rolled-back ones, %p",
    async databaseId => {
      const { knex, model, ids } = await createModel(databaseId);

      const operations = await model.listOperations({ limit: 50 });
      expect(operations.map(o => [o.type, o.id])).toEqual([
        ['rollback', ids.r3],
        ['deployment', 'd8'],
        ['rollback', ids.r2],
        ['deployment', 'd7'],
        ['deployment', 'd6'],
        ['rollback', ids.r1],
        ['deployment', 'd3'],
        ['deployment', 'd5'],
        ['deployment', 'd2'],
        ['deployment', 'd1'],
        ['deployment', 'd0'],
      ]);
      const rolledBack = operations
        .filter(o => o.type === 'deployment' && o.rolledBack)
        .map(o => o.id);
      expect(rolledBack.sort()).toEqual(['d3', 'd7', 'd8']);

      expect(operations.find(o => o.id === ids.r1)).toEqual({
        id: ids.r1,
        type: 'rollback',
        entityRef: CHECKOUT,
        owner: STOREFRONT,
        environment: 'prod',
        target: CHECKOUT_PROD,
        revision: checkout(41),
        at: '2026-03-03T11:00:00.000Z',
        by: SRE,
        state: 'succeeded',
        reason: 'Roll back checkout-api:42',
      });
      expect(operations.find(o => o.id === 'd3')).toEqual({
        id: 'd3',
        type: 'deployment',
        entityRef: CHECKOUT,
        owner: STOREFRONT,
        environment: 'prod',
        target: CHECKOUT_PROD,
        revision: checkout(42),
        at: '2026-03-03T10:00:00.000Z',
        by: 'user:default/ci',
        rolledBack: true,
      });
      // The staging release of the same revision was not rolled back.
      expect(operations.find(o => o.id === 'd5')?.rolledBack).toBe(false);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'filters by owner, environment, type and limit, %p',
    async databaseId => {
      const { knex, model, ids } = await createModel(databaseId);
      const list = async (filter: Parameters<typeof model.listOperations>[0]) =>
        (await model.listOperations(filter)).map(o => o.id);

      expect(await list({ owner: FREIGHT, limit: 50 })).toEqual([
        ids.r2,
        'd7',
        'd6',
      ]);
      expect(await list({ environment: 'staging', limit: 50 })).toEqual(['d5']);
      expect(await list({ entityRef: QUOTES, limit: 50 })).toEqual([
        ids.r2,
        'd7',
        'd6',
      ]);
      expect(await list({ type: 'rollback', limit: 50 })).toEqual([
        ids.r3,
        ids.r2,
        ids.r1,
      ]);
      const deployments = await model.listOperations({
        type: 'deployment',
        owner: STOREFRONT,
        environment: 'prod',
        limit: 50,
      });
      expect(deployments.map(o => [o.id, o.rolledBack])).toEqual([
        ['d8', true],
        ['d3', true],
        ['d2', false],
        ['d1', false],
        ['d0', false],
      ]);
      expect(await list({ limit: 3 })).toEqual([ids.r3, 'd8', ids.r2]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses an environment that is not configured, naming the configured ones, %p',
    async databaseId => {
      const { knex, model } = await createModel(databaseId);
      for (const attempt of [
        model.listOperations({ environment: 'qa', limit: 50 }),
        model.getDoraFigures({ environment: 'qa', days: 30 }),
      ]) {
        const error = await attempt.catch(e => e);
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toMatch(/"qa".*dev.*staging.*prod/);
      }
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'computes deployments per week, change failure rate, median time to restore and median lead time per team and environment, %p',
    async databaseId => {
      const { knex, model } = await createModel(databaseId);

      const week = await model.getDoraFigures({
        days: 7,
        now: new Date('2026-03-08T00:00:00Z'),
      });
      expect(week.from).toBe('2026-03-01T00:00:00.000Z');
      expect(week.to).toBe('2026-03-08T00:00:00.000Z');
      expect(week.items).toEqual([
        {
          owner: FREIGHT,
          environment: 'prod',
          deployments: 2,
          deploymentsPerWeek: 2,
          changeFailureRate: 0.5,
          rollbacks: 1,
          medianTimeToRestoreMinutes: 180,
          medianLeadTimeMinutes: 30,
          leadTimeDeployments: 1,
        },
        {
          owner: STOREFRONT,
          environment: 'prod',
          // d1, d2, d3, d8: not the rollbacks' own deployments, not d0.
          deployments: 4,
          deploymentsPerWeek: 4,
          changeFailureRate: 0.5,
          rollbacks: 2,
          // d3 restored after 90 minutes, d8 after 40.
          medianTimeToRestoreMinutes: 65,
          // d1 and d2 only: 120 and 300 minutes.
          medianLeadTimeMinutes: 210,
          leadTimeDeployments: 2,
        },
        {
          owner: STOREFRONT,
          environment: 'staging',
          deployments: 1,
          deploymentsPerWeek: 1,
          changeFailureRate: 0,
          rollbacks: 0,
          leadTimeDeployments: 0,
        },
      ]);

      const fortnight = await model.getDoraFigures({
        days: 14,
        owner: STOREFRONT,
        environment: 'prod',
        now: new Date('2026-03-08T00:00:00Z'),
      });
      expect(fortnight.items).toEqual([
        expect.objectContaining({
          owner: STOREFRONT,
          environment: 'prod',
          deployments: 5,
          deploymentsPerWeek: 2.5,
          changeFailureRate: 0.4,
          medianTimeToRestoreMinutes: 65,
        }),
      ]);

      await knex.destroy();
    },
  );
});
