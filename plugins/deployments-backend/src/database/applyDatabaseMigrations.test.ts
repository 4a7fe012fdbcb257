import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { DefaultCollectorRunRecorder } from '@internal/plugin-aws-node';
import { createTestDatabases } from '@internal/test-databases';
import { DEPLOYMENTS_COLLECTOR_ID as COLLECTOR_ID } from '../collectors/createDeploymentsCollector';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';

jest.setTimeout(60_000);

const TABLES = [
  'deployment_targets',
  'revisions',
  'deployments',
  'rollbacks',
  'rollback_steps',
  'collector_runs',
];

const migrationsDir = resolvePackagePath(
  '@internal/plugin-deployments-backend',
  'migrations',
);

describe('applyDatabaseMigrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'creates every table and is idempotent, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      await applyDatabaseMigrations(knex);

      for (const table of TABLES) {
        await expect(knex.schema.hasTable(table)).resolves.toBe(true);
      }

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'adds committed_at to deployments recorded before it, as NULL, and removes it on rollback, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261201000000_init.js',
      });
      await knex('deployments').insert({
        id: 'd-1',
        entity_ref: 'component:default/checkout-api',
        environment: 'prod',
        target_id:
          'arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout-api',
        revision_id: 'rev-1',
        revision: '{}',
        deployed_at: 1,
      });

      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261202000000_committed_at.js',
      });
      await expect(
        knex('deployments').select('id', 'committed_at'),
      ).resolves.toEqual([{ id: 'd-1', committed_at: null }]);

      await knex.migrate.down({ directory: migrationsDir });
      await expect(
        knex.schema.hasColumn('deployments', 'committed_at'),
      ).resolves.toBe(false);
      await expect(knex('deployments').pluck('id')).resolves.toEqual(['d-1']);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'rolls back to an empty database and applies again, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);

      await knex.migrate.rollback({ directory: migrationsDir }, true);
      for (const table of TABLES) {
        await expect(knex.schema.hasTable(table)).resolves.toBe(false);
      }

      await applyDatabaseMigrations(knex);
      for (const table of TABLES) {
        await expect(knex.schema.hasTable(table)).resolves.toBe(true);
      }

      await knex.destroy();
    },
  );
  it.each(databases.eachSupportedId())(
    'moves the AWS message out of the error of rollbacks recorded before error_cause, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.up({
        directory: migrationsDir,
        name: '20261201000000_init.js',
      });
      const raw =
        'AWS did not accept the rollback: AccessDeniedException: arn:aws:sts::333333333333:assumed-role/shipyard/x';
      await knex('rollbacks').insert({
        id: 'r-1',
        entity_ref: 'component:default/checkout-api',
        environment: 'prod',
        target_id:
          'arn:aws:ecs:eu-west-1:333333333333:service/prod/checkout-api',
        requested_by: 'user:default/sam.okafor',
        from_revision: '{}',
        to_revision: '{}',
        reason: 'Errors',
        state: 'failed',
        error: raw,
        requested_at: 1,
        updated_at: 2,
        finished_at: 2,
      });
      await knex('rollback_steps').insert({
        rollback_id: 'r-1',
        state: 'failed',
        at: 2,
        message: raw,
      });

      await applyDatabaseMigrations(knex);

      const [row] = await knex('rollbacks').select('error', 'error_cause');
      expect(row.error_cause).toBe(raw);
      expect(row.error).not.toContain('333333333333');
      const [step] = await knex('rollback_steps').pluck('message');
      expect(step).toBe(row.error);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    "has the collector_runs table aws-node's recorder writes: running, abandoned and finished runs, %p",
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const recorder = DefaultCollectorRunRecorder.create({ knex });
      const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 10, minute));
      const start = (minute: number) =>
        recorder.startRun({
          collectorId: COLLECTOR_ID,
          startedAt: at(minute),
          abandonRunningStartedBefore: at(minute - 5),
        });

      await start(0);
      const second = await start(10);
      await recorder.finishRun(second, {
        collectorId: COLLECTOR_ID,
        startedAt: at(10),
        finishedAt: at(11),
        status: 'succeeded',
        calls: [{ service: 'ECS', operation: 'DescribeServices', count: 2 }],
      });
      await start(20);

      const runs = await recorder.listLatestRuns({ limitPerCollector: 5 });
      expect(runs[COLLECTOR_ID]).toEqual([
        expect.objectContaining({ startedAt: at(20), status: 'running' }),
        expect.objectContaining({
          startedAt: at(10),
          finishedAt: at(11),
          status: 'succeeded',
          calls: [{ service: 'ECS', operation: 'DescribeServices', count: 2 }],
        }),
        expect.objectContaining({ startedAt: at(0), status: 'abandoned' }),
      ]);
      expect(runs[COLLECTOR_ID][0].finishedAt).toBeUndefined();
      expect(runs[COLLECTOR_ID][2].finishedAt).toBeUndefined();

      await knex.destroy();
    },
  );
});
