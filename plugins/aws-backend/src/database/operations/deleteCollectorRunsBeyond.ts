import { Knex } from 'knex';
import { CollectorRunsRow } from '../CollectorRunsRow';

/**
 * Keeps the newest `keep` runs of one collector and deletes the older ones,
 * so that `collector_runs` stays bounded. Returns the number of rows removed.
 */
export async function deleteCollectorRunsBeyond(
  knex: Knex,
  options: { collectorId: string; keep: number },
): Promise<number> {
  // Newest by the same order readLatestCollectorRuns uses, so what the status
  // route shows is never what was deleted. A LIMIT inside IN (...) works on
  // PostgreSQL and SQLite, the two engines the plugin supports.
  const newest = knex<CollectorRunsRow>('collector_runs')
    .select('id')
    .where('collector_id', options.collectorId)
    .orderBy([
      { column: 'started_at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(options.keep);
  return knex<CollectorRunsRow>('collector_runs')
    .where('collector_id', options.collectorId)
    .whereNotIn('id', newest)
    .delete();
}
