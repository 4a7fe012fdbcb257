import { createTestDatabases } from '@internal/test-databases';
import { StoredComponentResources } from '../StoredComponentResources';
import { applyDatabaseMigrations } from '../applyDatabaseMigrations';
import { deleteComponentResourcesCollectedBefore } from './deleteComponentResourcesCollectedBefore';
import { readComponentResources } from './readComponentResources';
import { upsertComponentResources } from './upsertComponentResources';

jest.setTimeout(60_000);

function resources(
  name: string,
  environment: string,
  collectedAt: string,
): StoredComponentResources {
  return {
    componentRef: `component:default/${name}`,
    environment,
    componentTagValue: name,
    ecsServices: [],
    eksWorkloads: [],
    targetGroups: [],
    alarms: [],
    collectedAt: new Date(collectedAt),
  };
}

describe('deleteComponentResourcesCollectedBefore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'removes only older rows of the given environment, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);

      await upsertComponentResources(knex, [
        resources('gone', 'prod', '2026-06-01T10:00:00Z'),
        resources('kept', 'prod', '2026-06-01T10:10:00Z'),
        resources('gone', 'dev', '2026-06-01T10:00:00Z'),
      ]);

      await expect(
        deleteComponentResourcesCollectedBefore(knex, {
          environment: 'prod',
          before: new Date('2026-06-01T10:05:00Z'),
        }),
      ).resolves.toBe(1);

      const read = (name: string, environment: string) =>
        readComponentResources(knex, {
          componentRef: `component:default/${name}`,
          environment,
        });
      await expect(read('gone', 'prod')).resolves.toBeUndefined();
      await expect(read('kept', 'prod')).resolves.toBeDefined();
      await expect(read('gone', 'dev')).resolves.toBeDefined();

      await knex.destroy();
    },
  );
});
