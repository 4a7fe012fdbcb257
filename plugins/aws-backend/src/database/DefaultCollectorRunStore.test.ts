import { createTestDatabases } from '@internal/test-databases';
import { CollectorRunRecorder } from '@internal/plugin-aws-node';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';
import { DefaultCollectorRunStore } from './DefaultCollectorRunStore';

jest.setTimeout(60_000);

describe('DefaultCollectorRunStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'records runs through the aws-node interface and lists them newest first, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = DefaultCollectorRunStore.create({ knex });
      const asInterface: CollectorRunRecorder = store;

      await asInterface.recordRun({
        collectorId: 'resource-inventory',
        startedAt: new Date('2026-06-01T10:00:00Z'),
        finishedAt: new Date('2026-06-01T10:00:01Z'),
        status: 'succeeded',
        calls: [
          {
            service: 'ResourceGroupsTaggingAPI',
            operation: 'GetResources',
            count: 4,
          },
        ],
      });
      await asInterface.recordRun({
        collectorId: 'resource-inventory',
        startedAt: new Date('2026-06-01T10:10:00Z'),
        finishedAt: new Date('2026-06-01T10:10:03Z'),
        status: 'failed',
        calls: [
          {
            service: 'ResourceGroupsTaggingAPI',
            operation: 'GetResources',
            count: 12,
          },
        ],
        error: 'prod: AWS throttled',
      });

      const runs = await store.listLatestRuns({ limitPerCollector: 5 });
      expect(runs['resource-inventory']).toEqual([
        {
          id: expect.any(String),
          collectorId: 'resource-inventory',
          startedAt: new Date('2026-06-01T10:10:00Z'),
          finishedAt: new Date('2026-06-01T10:10:03Z'),
          status: 'failed',
          calls: [
            {
              service: 'ResourceGroupsTaggingAPI',
              operation: 'GetResources',
              count: 12,
            },
          ],
          error: 'prod: AWS throttled',
        },
        {
          id: expect.any(String),
          collectorId: 'resource-inventory',
          startedAt: new Date('2026-06-01T10:00:00Z'),
          finishedAt: new Date('2026-06-01T10:00:01Z'),
          status: 'succeeded',
          calls: [
            {
              service: 'ResourceGroupsTaggingAPI',
              operation: 'GetResources',
              count: 4,
            },
          ],
          error: undefined,
        },
      ]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps only the newest runs of each collector as it records, %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await applyDatabaseMigrations(knex);
      const store = DefaultCollectorRunStore.create({
        knex,
        runsKeptPerCollector: 3,
      });
      const record = (collectorId: string, minute: number) =>
        store.recordRun({
          collectorId,
          startedAt: new Date(Date.UTC(2026, 5, 1, 10, minute)),
          finishedAt: new Date(Date.UTC(2026, 5, 1, 10, minute, 5)),
          status: 'succeeded',
          calls: [],
        });

      for (const minute of [0, 10, 20, 30, 40]) {
        await record('resource-inventory', minute);
      }
      await record('costs', 5);

      const runs = await store.listLatestRuns({ limitPerCollector: 10 });
      expect(
        runs['resource-inventory'].map(r => r.startedAt.getUTCMinutes()),
      ).toEqual([40, 30, 20]);
      expect(runs.costs.map(r => r.startedAt.getUTCMinutes())).toEqual([5]);

      await knex.destroy();
    },
  );
});
