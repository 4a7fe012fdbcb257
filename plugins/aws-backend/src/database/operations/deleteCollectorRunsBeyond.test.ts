import { createTestDatabases } from '@internal/test-databases';
import { Knex } from 'knex';
import { applyDatabaseMigrations } from '../applyDatabaseMigrations';
import { timestampToDate } from '../timestampToDate';
import { deleteCollectorRunsBeyond } from './deleteCollectorRunsBeyond';
import { insertCollectorRun } from './insertCollectorRun';

jest.setTimeout(60_000);

async function insertRuns(
  knex: Knex,
  collectorId: string,
  minutes: number[],
): Promise<void> {
  for (const minute of minutes) {
    const startedAt = new Date(Date.UTC(2026, 5, 1, 10, minute));
    await insertCollectorRun(knex, {
      collectorId,
      startedAt,
      finishedAt: startedAt,
      status: 'succeeded',
      calls: [],
    });
  }
}

async function startMinutes(knex: Knex, collectorId: string) {
  const rows = await knex('collector_runs')
    .where('collector_id', collectorId)
    .select('started_at');
  return rows
    .map(row => timestampToDate(row.started_at).getUTCMinutes())
    .sort((a, b) => a - b);
}

describe('deleteCollectorRunsBeyond', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'keeps the newest runs of the collector by start time, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      // Inserted out of order: age is the start time, not the insertion order.
      await insertRuns(knex, 'resource-inventory', [30, 0, 50, 10, 40, 20]);

      await expect(
        deleteCollectorRunsBeyond(knex, {
          collectorId: 'resource-inventory',
          keep: 4,
        }),
      ).resolves.toBe(2);

      expect(await startMinutes(knex, 'resource-inventory')).toEqual([
        20, 30, 40, 50,
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves other collectors and collectors under the limit alone, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      await insertRuns(knex, 'resource-inventory', [0, 10, 20]);
      await insertRuns(knex, 'costs', [1, 11, 21]);

      await expect(
        deleteCollectorRunsBeyond(knex, {
          collectorId: 'resource-inventory',
          keep: 1,
        }),
      ).resolves.toBe(2);
      await expect(
        deleteCollectorRunsBeyond(knex, { collectorId: 'costs', keep: 5 }),
      ).resolves.toBe(0);

      expect(await startMinutes(knex, 'resource-inventory')).toEqual([20]);
      expect(await startMinutes(knex, 'costs')).toEqual([1, 11, 21]);
      await knex.destroy();
    },
  );
});
