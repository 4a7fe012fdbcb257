import { createTestDatabases } from '@internal/test-databases';
import { CollectorRunStore } from '@internal/plugin-aws-node';
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
      const asInterface: CollectorRunStore = store;

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
});
