import { Knex } from 'knex';
import { CollectorRunCalls } from '@internal/plugin-aws-common';
import {
  CollectorRun,
  CollectorRunRecorder,
  CollectorRunStatus,
  RecordedCollectorRun,
} from './CollectorRunRecorder';

/**
 * How many runs of each collector are kept. At one run every 10 minutes that
 * is about 33 hours of history, far more than a status page shows.
 */
const DEFAULT_RUNS_KEPT_PER_COLLECTOR = 200;

const TABLE = 'collector_runs';

/** A row of `collector_runs`, as {@link DefaultCollectorRunRecorder} writes it. */
type CollectorRunsRow = {
  id: string | number;
  collector_id: string;
  started_at: Date | string | number;
  finished_at: Date | string | number | null;
  status: CollectorRunStatus;
  calls: string;
  error: string | null;
};

/**
 * A stored timestamp as a Date. PostgreSQL hands back Date objects,
 * better-sqlite3 epoch milliseconds or strings, depending on how the value
 * was written.
 */
function toDate(value: Date | string | number): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    return new Date(Number(value));
  }
  return new Date(value);
}

function toRecordedRun(row: CollectorRunsRow): RecordedCollectorRun {
  return {
    id: String(row.id),
    collectorId: row.collector_id,
    startedAt: toDate(row.started_at),
    ...(row.finished_at === null
      ? {}
      : { finishedAt: toDate(row.finished_at) }),
    status: row.status,
    calls: JSON.parse(row.calls) as CollectorRunCalls[],
    ...(row.error === null ? {} : { error: row.error }),
  };
}

/**
 * Records collector runs in a `collector_runs` table of the plugin's own
 * database, which the plugin's migrations create with the columns `id`
 * (big increments), `collector_id`, `started_at`, `finished_at` (nullable
 * timestamps), `status`, `calls` (JSON text) and `error` (nullable text), as
 * aws-backend's and deployments-backend's do. Every replica writes to the
 * same table, so a run is seen wherever it ran, and only the newest runs of
 * each collector are kept.
 *
 * @public
 */
export class DefaultCollectorRunRecorder implements CollectorRunRecorder {
  private readonly knex: Knex;
  private readonly runsKeptPerCollector: number;

  static create(options: {
    knex: Knex;
    runsKeptPerCollector?: number;
  }): DefaultCollectorRunRecorder {
    return new DefaultCollectorRunRecorder(
      options.knex,
      options.runsKeptPerCollector ?? DEFAULT_RUNS_KEPT_PER_COLLECTOR,
    );
  }

  private constructor(knex: Knex, runsKeptPerCollector: number) {
    this.knex = knex;
    this.runsKeptPerCollector = runsKeptPerCollector;
  }

  async startRun(start: {
    collectorId: string;
    startedAt: Date;
    abandonRunningStartedBefore: Date;
  }): Promise<string> {
    return this.knex.transaction(async tx => {
      await tx<CollectorRunsRow>(TABLE)
        .where({ collector_id: start.collectorId, status: 'running' })
        .where('started_at', '<', start.abandonRunningStartedBefore)
        .update({ status: 'abandoned' });
      const [inserted] = await tx<CollectorRunsRow>(TABLE)
        .insert({
          collector_id: start.collectorId,
          started_at: start.startedAt,
          finished_at: null,
          status: 'running',
          calls: '[]',
          error: null,
        })
        .returning('id');
      return String(typeof inserted === 'object' ? inserted.id : inserted);
    });
  }

  async finishRun(id: string, run: CollectorRun): Promise<void> {
    await this.knex<CollectorRunsRow>(TABLE)
      .where({ id })
      .update({
        finished_at: run.finishedAt,
        status: run.status,
        calls: JSON.stringify(run.calls),
        error: run.error ?? null,
      });
    // Runs are recorded once per interval across replicas, so pruning after
    // each one keeps the table bounded without a separate schedule.
    await this.deleteRunsBeyond(run.collectorId);
  }

  /** The newest runs of each collector, newest first, by collector id. */
  async listLatestRuns(options: {
    limitPerCollector: number;
  }): Promise<Record<string, RecordedCollectorRun[]>> {
    // A handful of collectors exist, so one small query each stays cheap and
    // avoids window functions that differ between database engines.
    const collectorIds = await this.knex<CollectorRunsRow>(TABLE)
      .distinct('collector_id')
      .orderBy('collector_id');
    const result: Record<string, RecordedCollectorRun[]> = {};
    for (const { collector_id } of collectorIds) {
      const rows = await this.knex<CollectorRunsRow>(TABLE)
        .where({ collector_id })
        .orderBy([
          { column: 'started_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(options.limitPerCollector);
      result[collector_id] = rows.map(toRecordedRun);
    }
    return result;
  }

  /** Keeps the newest runs of one collector by start time. */
  private async deleteRunsBeyond(collectorId: string): Promise<number> {
    // Newest by the order a status page reads them in, so what it shows is
    // never what was deleted. A LIMIT inside IN (...) works on PostgreSQL and
    // SQLite, the two engines the plugins support.
    const newest = this.knex<CollectorRunsRow>(TABLE)
      .select('id')
      .where('collector_id', collectorId)
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(this.runsKeptPerCollector);
    return this.knex<CollectorRunsRow>(TABLE)
      .where('collector_id', collectorId)
      .whereNotIn('id', newest)
      .delete();
  }
}
