import { Knex } from 'knex';
import { StoredCollectorRun } from '../StoredCollectorRun';
import { CollectorRunsRow, toStoredCollectorRun } from '../CollectorRunsRow';

/**
 * Reads the most recent runs of every collector, newest first, at most
 * `limitPerCollector` each.
 */
export async function readLatestCollectorRuns(
  knex: Knex,
  options: { limitPerCollector: number },
): Promise<Record<string, StoredCollectorRun[]>> {
  // A handful of collectors exist, so one small query each stays cheap and
  // avoids window functions that differ between database engines.
  const collectorIds = await knex<CollectorRunsRow>('collector_runs')
    .distinct('collector_id')
    .orderBy('collector_id');

  const result: Record<string, StoredCollectorRun[]> = {};
  for (const { collector_id } of collectorIds) {
    const rows = await knex<CollectorRunsRow>('collector_runs')
      .where({ collector_id })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limitPerCollector);
    result[collector_id] = rows.map(toStoredCollectorRun);
  }
  return result;
}
