import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';

jest.setTimeout(60_000);

describe('applyDatabaseMigrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'creates both tables and is idempotent, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      await applyDatabaseMigrations(knex);

      await expect(knex.schema.hasTable('collector_runs')).resolves.toBe(true);
      await expect(knex.schema.hasTable('component_resources')).resolves.toBe(
        true,
      );

      const row = {
        component_ref: 'component:default/catalog-api',
        environment: 'prod',
        component_tag: 'catalog-api',
        ecs_services: '[]',
        eks_workloads: '[]',
        target_groups: '[]',
        alarms: '[]',
        collected_at: new Date(),
      };
      await knex('component_resources').insert(row);
      // The primary key is (component_ref, environment): a second row for the
      // same pair must be refused, another environment must not.
      // better-sqlite3 errors may come from another realm than Jest's, so
      // match the message rather than the Error class.
      await expect(
        knex('component_resources').insert(row),
      ).rejects.toHaveProperty(
        'message',
        expect.stringMatching(/UNIQUE constraint failed|duplicate key value/),
      );
      await knex('component_resources').insert({
        ...row,
        environment: 'dev',
      });
      const [{ n }] = await knex('component_resources').count({ n: '*' });
      expect(Number(n)).toBe(2);

      await knex.destroy();
    },
  );
});
