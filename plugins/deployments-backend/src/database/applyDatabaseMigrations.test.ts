import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';

jest.setTimeout(60_000);

const TABLES = [
  'deployment_targets',
  'revisions',
  'deployments',
  'rollbacks',
  'rollback_steps',
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

      await applyDatabaseMigrations(knex);
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
});
