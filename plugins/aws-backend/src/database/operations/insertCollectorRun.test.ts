import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from '../applyDatabaseMigrations';
import { insertCollectorRun } from './insertCollectorRun';
import { readLatestCollectorRuns } from './readLatestCollectorRuns';

jest.setTimeout(60_000);

describe('insertCollectorRun', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'stores a run with its calls and error, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);

      await insertCollectorRun(knex, {
        collectorId: 'resource-inventory',
        startedAt: new Date('2026-06-01T10:00:00.000Z'),
        finishedAt: new Date('2026-06-01T10:00:02.500Z'),
        status: 'failed',
        calls: [
          {
            service: 'ResourceGroupsTaggingAPI',
            operation: 'GetResources',
            count: 4,
          },
        ],
        error: 'prod: AWS throttled GetResources',
      });

      const rows = await knex('collector_runs').select();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        collector_id: 'resource-inventory',
        status: 'failed',
        error: 'prod: AWS throttled GetResources',
      });
      expect(JSON.parse(rows[0].calls)).toEqual([
        {
          service: 'ResourceGroupsTaggingAPI',
          operation: 'GetResources',
          count: 4,
        },
      ]);

      const runs = await readLatestCollectorRuns(knex, {
        limitPerCollector: 1,
      });
      expect(runs['resource-inventory'][0].startedAt.toISOString()).toBe(
        '2026-06-01T10:00:00.000Z',
      );
      expect(runs['resource-inventory'][0].finishedAt.toISOString()).toBe(
        '2026-06-01T10:00:02.500Z',
      );

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'stores a run without error as undefined, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);

      await insertCollectorRun(knex, {
        collectorId: 'resource-inventory',
        startedAt: new Date(),
        finishedAt: new Date(),
        status: 'succeeded',
        calls: [],
      });

      const runs = await readLatestCollectorRuns(knex, {
        limitPerCollector: 1,
      });
      expect(runs['resource-inventory'][0].error).toBeUndefined();
      expect(runs['resource-inventory'][0].calls).toEqual([]);

      await knex.destroy();
    },
  );
});
