import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from '../applyDatabaseMigrations';
import { insertCollectorRun } from './insertCollectorRun';
import { readLatestCollectorRuns } from './readLatestCollectorRuns';

jest.setTimeout(60_000);

describe('readLatestCollectorRuns', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'returns the newest runs of each collector, newest first, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);

      const minute = (n: number) => new Date(Date.UTC(2026, 5, 1, 10, n));
      for (const n of [3, 1, 2, 4]) {
        await insertCollectorRun(knex, {
          collectorId: 'resource-inventory',
          startedAt: minute(n),
          finishedAt: minute(n),
          status: n === 4 ? 'failed' : 'succeeded',
          calls: [{ service: 'Tagging', operation: 'GetResources', count: n }],
        });
      }
      await insertCollectorRun(knex, {
        collectorId: 'costs',
        startedAt: minute(0),
        finishedAt: minute(0),
        status: 'succeeded',
        calls: [],
      });

      const runs = await readLatestCollectorRuns(knex, {
        limitPerCollector: 2,
      });

      expect(Object.keys(runs).sort()).toEqual(['costs', 'resource-inventory']);
      expect(
        runs['resource-inventory'].map(r => [r.status, r.calls[0].count]),
      ).toEqual([
        ['failed', 4],
        ['succeeded', 3],
      ]);
      expect(runs.costs).toHaveLength(1);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'returns an empty object before any run, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      await expect(
        readLatestCollectorRuns(knex, { limitPerCollector: 5 }),
      ).resolves.toEqual({});
      await knex.destroy();
    },
  );
});
