import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ConflictError, NotFoundError } from '@backstage/errors';
import { Revision } from '@internal/plugin-deployments-common';
import { createTestDatabases } from '@internal/test-databases';
import knexFactory, { Knex } from 'knex';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';
import { DefaultRollbackStore } from './DefaultRollbackStore';
import { RollbackIntent } from './RollbackStore';

jest.setTimeout(60_000);

const CHECKOUT = 'component:default/checkout-api';
const PAYMENTS = 'component:default/payments-api';
const API_TARGET =
  'arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api';
const WEB_TARGET =
  'arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-web';

function revision(n: number): Revision {
  return {
    id: `arn:aws:ecs:eu-west-1:123456789012:task-definition/checkout-api:${n}`,
    revision: `checkout-api:${n}`,
    image: `123456789012.dkr.ecr.eu-west-1.amazonaws.com/checkout-api:1.${n}.0`,
  };
}

function intent(overrides: Partial<RollbackIntent> = {}): RollbackIntent {
  return {
    entityRef: CHECKOUT,
    owner: 'group:default/payments',
    environment: 'prod',
    targetId: API_TARGET,
    requestedBy: 'user:default/alice',
    from: revision(42),
    to: revision(41),
    reason: 'Checkout errors since 42',
    ...overrides,
  };
}

/** Lets the clock move on, so that records get distinct times. */
function tick() {
  return new Promise(resolve => setTimeout(resolve, 5));
}

describe('DefaultRollbackStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    return { knex, store: DefaultRollbackStore.create({ knex }) };
  }

  it.each(databases.eachSupportedId())(
    'createIntent writes the intent in state requested with its first step, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const before = Date.now();

      const result = await store.createIntent(
        intent({ idempotencyKey: 'k-1' }),
      );

      expect(result).toEqual({
        created: true,
        rollback: {
          id: expect.any(String),
          entityRef: CHECKOUT,
          owner: 'group:default/payments',
          environment: 'prod',
          targetId: API_TARGET,
          requestedBy: 'user:default/alice',
          idempotencyKey: 'k-1',
          from: revision(42),
          to: revision(41),
          reason: 'Checkout errors since 42',
          state: 'requested',
          requestedAt: expect.any(Date),
          updatedAt: expect.any(Date),
          steps: [
            {
              state: 'requested',
              at: expect.any(String),
              message: expect.stringContaining('user:default/alice'),
            },
          ],
        },
      });
      const { rollback } = result;
      expect(rollback.requestedAt.getTime()).toBeGreaterThanOrEqual(before);
      expect(rollback.requestedAt.getTime()).toBeLessThanOrEqual(Date.now());
      expect(rollback.steps[0].at).toBe(rollback.requestedAt.toISOString());
      await expect(store.get(rollback.id)).resolves.toEqual(rollback);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'createIntent refuses a second rollback of a target while the first is unfinished, naming it, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const { rollback: first } = await store.createIntent(intent());
      await store.transition(first.id, 'mutating');

      const second = store.createIntent(
        intent({ requestedBy: 'user:default/bob' }),
      );
      await expect(second).rejects.toThrow(ConflictError);
      await expect(second).rejects.toThrow(first.id);

      // Another target, or the same target id in another environment, is free.
      await expect(
        store.createIntent(intent({ targetId: WEB_TARGET })),
      ).resolves.toMatchObject({ created: true });
      await expect(
        store.createIntent(intent({ environment: 'staging' })),
      ).resolves.toMatchObject({ created: true });

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'a target is free for a new rollback once the last one succeeded or failed, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);

      const { rollback: first } = await store.createIntent(intent());
      await store.transition(first.id, 'succeeded');
      const { rollback: second } = await store.createIntent(intent());
      expect(second.id).not.toBe(first.id);
      await store.transition(second.id, 'failed', { error: 'AccessDenied' });

      await expect(store.createIntent(intent())).resolves.toMatchObject({
        created: true,
        rollback: { state: 'requested' },
      });

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'the same requester with the same idempotency key gets the first record back, even after it finished, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const first = await store.createIntent(intent({ idempotencyKey: 'k-1' }));

      const retry = await store.createIntent(intent({ idempotencyKey: 'k-1' }));
      expect(retry).toEqual({ created: false, rollback: first.rollback });

      const finished = await store.transition(first.rollback.id, 'succeeded');
      await expect(
        store.createIntent(intent({ idempotencyKey: 'k-1' })),
      ).resolves.toEqual({ created: false, rollback: finished });

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'another requester with the same idempotency key makes a separate request, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const alice = await store.createIntent(intent({ idempotencyKey: 'k-1' }));

      const bob = intent({
        requestedBy: 'user:default/bob',
        idempotencyKey: 'k-1',
      });
      await expect(store.createIntent(bob)).rejects.toThrow(alice.rollback.id);

      await store.transition(alice.rollback.id, 'succeeded');
      const result = await store.createIntent(bob);
      expect(result.created).toBe(true);
      expect(result.rollback.id).not.toBe(alice.rollback.id);
      expect(result.rollback.requestedBy).toBe('user:default/bob');

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'requests without an idempotency key, or with an empty one, are separate, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);

      const first = await store.createIntent(intent({ idempotencyKey: '' }));
      await store.transition(first.rollback.id, 'failed', { error: 'x' });
      const second = await store.createIntent(intent({ idempotencyKey: '' }));
      await store.transition(second.rollback.id, 'failed', { error: 'x' });
      const third = await store.createIntent(intent());

      expect(new Set([first, second, third].map(r => r.rollback.id)).size).toBe(
        3,
      );
      expect(third.created).toBe(true);
      expect(first.rollback.idempotencyKey).toBeUndefined();

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'transition appends the steps in order and stores the error of a failed rollback, its cause apart from the steps, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const { rollback } = await store.createIntent(intent());

      await store.transition(rollback.id, 'mutating', {
        message: 'UpdateService to checkout-api:41',
      });
      await store.transition(rollback.id, 'rolling-out');
      const failed = await store.transition(rollback.id, 'failed', {
        error: 'Deployment circuit breaker: tasks failed to start',
        cause:
          'AccessDeniedException: arn:aws:sts::333333333333:assumed-role/shipyard/x',
      });

      expect(failed).toMatchObject({
        state: 'failed',
        error: 'Deployment circuit breaker: tasks failed to start',
        errorCause:
          'AccessDeniedException: arn:aws:sts::333333333333:assumed-role/shipyard/x',
        finishedAt: expect.any(Date),
      });
      expect(failed.steps).toEqual([
        {
          state: 'requested',
          at: expect.any(String),
          message: expect.any(String),
        },
        {
          state: 'mutating',
          at: expect.any(String),
          message: 'UpdateService to checkout-api:41',
        },
        { state: 'rolling-out', at: expect.any(String) },
        {
          state: 'failed',
          at: expect.any(String),
          message: 'Deployment circuit breaker: tasks failed to start',
        },
      ]);
      expect(failed.updatedAt).toEqual(failed.finishedAt);
      await expect(store.get(rollback.id)).resolves.toEqual(failed);
      await expect(
        store.getActive(API_TARGET, 'prod'),
      ).resolves.toBeUndefined();

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'a finished rollback is not changed again, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const { rollback } = await store.createIntent(intent());
      const succeeded = await store.transition(rollback.id, 'succeeded');

      await expect(
        store.transition(rollback.id, 'failed', { error: 'late' }),
      ).resolves.toEqual(succeeded);
      await expect(store.transition(rollback.id, 'mutating')).resolves.toEqual(
        succeeded,
      );
      await expect(store.get(rollback.id)).resolves.toEqual(succeeded);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'transition of an unknown rollback throws NotFoundError, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);

      await expect(
        store.transition('00000000-0000-0000-0000-000000000000', 'mutating'),
      ).rejects.toThrow(NotFoundError);
      await expect(
        store.get('00000000-0000-0000-0000-000000000000'),
      ).resolves.toBeUndefined();

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'getActive, listUnfinished and list read the records, %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      const { rollback: a } = await store.createIntent(intent());
      await tick();
      const { rollback: b } = await store.createIntent(
        intent({ targetId: WEB_TARGET }),
      );
      await tick();
      const since = new Date();
      await tick();
      const { rollback: c } = await store.createIntent(
        intent({ environment: 'dev' }),
      );
      await tick();
      const { rollback: d } = await store.createIntent(
        intent({
          entityRef: PAYMENTS,
          owner: 'group:default/billing',
          targetId: 'arn:aws:ecs:eu-west-1:123456789012:service/prod/payments',
        }),
      );
      const finishedB = await store.transition(b.id, 'succeeded');

      await expect(store.getActive(API_TARGET, 'prod')).resolves.toEqual(a);
      await expect(
        store.getActive(WEB_TARGET, 'prod'),
      ).resolves.toBeUndefined();
      await expect(store.getActive(API_TARGET, 'dev')).resolves.toEqual(c);

      await expect(store.listUnfinished()).resolves.toEqual([a, c, d]);

      const ids = async (filter: Parameters<typeof store.list>[0]) =>
        (await store.list(filter)).map(r => r.id);
      await expect(ids({ limit: 10 })).resolves.toEqual([
        d.id,
        c.id,
        b.id,
        a.id,
      ]);
      await expect(ids({ entityRef: CHECKOUT, limit: 10 })).resolves.toEqual([
        c.id,
        b.id,
        a.id,
      ]);
      await expect(ids({ environment: 'prod', limit: 10 })).resolves.toEqual([
        d.id,
        b.id,
        a.id,
      ]);
      await expect(
        ids({ owner: 'group:default/billing', limit: 10 }),
      ).resolves.toEqual([d.id]);
      await expect(ids({ since, limit: 10 })).resolves.toEqual([d.id, c.id]);
      await expect(ids({ limit: 2 })).resolves.toEqual([d.id, c.id]);
      await expect(
        store.list({ environment: 'prod', entityRef: CHECKOUT, limit: 10 }),
      ).resolves.toEqual([finishedB, a]);

      await knex.destroy();
    },
  );

  describe('concurrency', () => {
    /** A second backend replica: its own client and pool on the same database. */
    function secondClient(knex: Knex): Knex {
      return knexFactory({
        client: knex.client.config.client,
        connection: knex.client.config.connection,
        pool: { min: 0, max: 5 },
      });
    }

    async function replicas(databaseId: TestDatabaseId) {
      const { knex, store } = await createStore(databaseId);
      // better-sqlite3's test database lives in the memory of one client.
      const other = databaseId === 'SQLITE_3' ? undefined : secondClient(knex);
      const stores = [
        store,
        other ? DefaultRollbackStore.create({ knex: other }) : store,
      ];
      return {
        stores,
        destroy: async () => {
          await other?.destroy();
          await knex.destroy();
        },
      };
    }

    it.each(databases.eachSupportedId())(
      '50 concurrent intents for one target from two replicas: one is created, 49 are refused naming it, %p',
      async databaseId => {
        const { stores, destroy } = await replicas(databaseId);
        try {
          const results = await Promise.allSettled(
            Array.from({ length: 50 }, (_, i) =>
              stores[i % 2].createIntent(
                intent({ requestedBy: `user:default/user-${i}` }),
              ),
            ),
          );

          const created = results.flatMap(r =>
            r.status === 'fulfilled' && r.value.created ? [r.value] : [],
          );
          const refused = results.flatMap(r =>
            r.status === 'rejected' ? [r.reason] : [],
          );
          expect(created).toHaveLength(1);
          expect(refused).toHaveLength(49);
          for (const error of refused) {
            expect(error).toBeInstanceOf(ConflictError);
            expect(error.message).toContain(created[0].rollback.id);
          }
          await expect(stores[1].listUnfinished()).resolves.toEqual([
            created[0].rollback,
          ]);
        } finally {
          await destroy();
        }
      },
    );

    it.each(databases.eachSupportedId())(
      '50 concurrent retries of one request from two replicas all answer the same record, %p',
      async databaseId => {
        const { stores, destroy } = await replicas(databaseId);
        try {
          const results = await Promise.all(
            Array.from({ length: 50 }, (_, i) =>
              stores[i % 2].createIntent(intent({ idempotencyKey: 'k-1' })),
            ),
          );

          expect(results.filter(r => r.created)).toHaveLength(1);
          expect(new Set(results.map(r => r.rollback.id)).size).toBe(1);
        } finally {
          await destroy();
        }
      },
    );
  });
});
