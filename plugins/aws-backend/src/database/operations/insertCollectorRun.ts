import { Knex } from 'knex';
import { CollectorRunCalls, CollectorRunStatus } from '../../types';
import { CollectorRunsRow } from '../tables';

/** Stores one finished collector run. */
export async function insertCollectorRun(
  knex: Knex,
  run: {
    collectorId: string;
    startedAt: Date;
    finishedAt: Date;
    status: CollectorRunStatus;
    calls: CollectorRunCalls;
    error?: string;
  },
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
