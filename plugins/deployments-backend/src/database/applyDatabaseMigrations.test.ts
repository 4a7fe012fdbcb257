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
