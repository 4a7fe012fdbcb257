import { createTestDatabases } from '@internal/test-databases';
import { Knex } from 'knex';
import { createCollectorRunsTable } from './__testUtils__/createCollectorRunsTable';
import { CollectorRun } from './CollectorRunRecorder';
import { DefaultCollectorRunRecorder } from './DefaultCollectorRunRecorder';

jest.setTimeout(60_000);

const at = (minute: number, second = 0) =>
  new Date(Date.UTC(2026, 5, 1, 10, minute, second));

const TIMEOUT_MINUTES = 5;

/** Starts a run at `minute`, abandoning runs older than the timeout, as createAwsCollector does. */
function start(
  recorder: DefaultCollectorRunRecorder,
  collectorId: string,
  minute: number,
) {
  return recorder.startRun({
    collectorId,
    startedAt: at(minute),
    abandonRunningStartedBefore: at(minute - TIMEOUT_MINUTES),
  });
}

function finished(
  collectorId: string,
  minute: number,
  status: CollectorRun['status'] = 'succeeded',
): CollectorRun {
  return {
    collectorId,
    startedAt: at(minute),
    finishedAt: at(minute, 30),
    status,
    calls: [{ service: 'ECS', operation: 'DescribeServices', count: 3 }],
    ...(status === 'failed' ? { error: 'prod: AWS throttled' } : {}),
  };
}

describe('DefaultCollectorRunRecorder', () => {
  const databases = createTestDatabases();

  async function setUp(databaseId: Parameters<typeof databases.init>[0]) {
    const knex: Knex = await databases.init(databaseId);
    await createCollectorRunsTable(knex);
    return knex;
  }

  it.each(databases.eachSupportedId())(
    'records a run as running when it starts and how it ended when it finishes, %p',
    async databaseId => {
      const knex = await setUp(databaseId);
      const recorder = DefaultCollectorRunRecorder.create({ knex });

      const id = await start(recorder, 'deployments', 0);
      expect(
        (await recorder.listLatestRuns({ limitPerCollector: 5 })).deployments,
      ).toEqual([
        {
          id,
          collectorId: 'deployments',
          startedAt: at(0),
          status: 'running',
          calls: [],
        },
      ]);

      await recorder.finishRun(id, finished('deployments', 0, 'failed'));
      expect(
        (await recorder.listLatestRuns({ limitPerCollector: 5 })).deployments,
      ).toEqual([
        {
          id,
          collectorId: 'deployments',
          startedAt: at(0),
          finishedAt: at(0, 30),
          status: 'failed',
          calls: [{ service: 'ECS', operation: 'DescribeServices', count: 3 }],
          error: 'prod: AWS throttled',
        },
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'marks a run left running past the timeout abandoned when the next run starts, and no other, %p',
    async databaseId => {
      const knex = await setUp(databaseId);
      const recorder = DefaultCollectorRunRecorder.create({ knex });

      // A replica stopped during the run at minute 0: it never finishes.
      await start(recorder, 'resource-inventory', 0);
      // Another collector's run, and a run of this one that is younger than
      // the timeout (another live replica's, say): neither may be touched.
      await start(recorder, 'costs', 0);
      await start(recorder, 'resource-inventory', 7);

      await start(recorder, 'resource-inventory', 10);

      const runs = await recorder.listLatestRuns({ limitPerCollector: 5 });
      expect(
        runs['resource-inventory'].map(r => [r.startedAt, r.status]),
      ).toEqual([
        [at(10), 'running'],
        [at(7), 'running'],
        [at(0), 'abandoned'],
      ]);
      expect(runs['resource-inventory'][2].finishedAt).toBeUndefined();
      expect(runs.costs.map(r => r.status)).toEqual(['running']);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'records how a run marked abandoned ended if it finishes after all, %p',
    async databaseId => {
      const knex = await setUp(databaseId);
      const recorder = DefaultCollectorRunRecorder.create({ knex });

      const slow = await start(recorder, 'resource-inventory', 0);
      await start(recorder, 'resource-inventory', 6);
      await recorder.finishRun(slow, finished('resource-inventory', 0));

      const runs = await recorder.listLatestRuns({ limitPerCollector: 5 });
      expect(
        runs['resource-inventory'].map(r => [r.startedAt, r.status]),
      ).toEqual([
        [at(6), 'running'],
        [at(0), 'succeeded'],
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps only the newest runs of each collector by start time as runs finish, %p',
    async databaseId => {
      const knex = await setUp(databaseId);
      const recorder = DefaultCollectorRunRecorder.create({
        knex,
        runsKeptPerCollector: 3,
      });
      const record = async (collectorId: string, minute: number) =>
        recorder.finishRun(
          await start(recorder, collectorId, minute),
          finished(collectorId, minute),
        );

      // Out of order: age is the start time, not the insertion order.
      for (const minute of [30, 0, 40, 10, 20]) {
        await record('resource-inventory', minute);
      }
      await record('costs', 5);

      const runs = await recorder.listLatestRuns({ limitPerCollector: 10 });
      expect(
        runs['resource-inventory'].map(r => r.startedAt.getUTCMinutes()),
      ).toEqual([40, 30, 20]);
      expect(runs.costs.map(r => r.startedAt.getUTCMinutes())).toEqual([5]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'lists nothing before any run, %p',
    async databaseId => {
      const knex = await setUp(databaseId);
      const recorder = DefaultCollectorRunRecorder.create({ knex });
      await expect(
        recorder.listLatestRuns({ limitPerCollector: 5 }),
      ).resolves.toEqual({});
      await knex.destroy();
    },
  );
});
