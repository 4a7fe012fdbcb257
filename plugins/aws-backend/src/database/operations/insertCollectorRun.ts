import { Knex } from 'knex';
import { CollectorRun } from '@internal/plugin-aws-node';
import { CollectorRunsRow } from '../CollectorRunsRow';

/** Stores one finished collector run. */
export async function insertCollectorRun(
  knex: Knex,
  run: CollectorRun,
): Promise<void> {
  await knex<CollectorRunsRow>('collector_runs').insert({
    collector_id: run.collectorId,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    status: run.status,
    calls: JSON.stringify(run.calls),
    error: run.error ?? null,
  });
}
