import { DefaultCollectorRunRecorder } from '@internal/plugin-aws-node';
import { createTestDatabases } from '@internal/test-databases';
import { RESOURCE_INVENTORY_COLLECTOR_ID as COLLECTOR_ID } from '../collectors/createResourceInventoryCollector';
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
