import { CollectorRunCalls } from '@internal/plugin-aws-common';
import { CollectorRun } from '@internal/plugin-aws-node';
import { StoredCollectorRun } from './StoredCollectorRun';
import { timestampToDate } from './timestampToDate';

/** A row of `collector_runs`. */
export type CollectorRunsRow = {
  id: string | number;
  collector_id: string;
  started_at: Date | string | number;
  finished_at: Date | string | number;
  status: string;
  calls: string;
  error: string | null;
};

/** Reads a `collector_runs` row. */
export function toStoredCollectorRun(
  row: CollectorRunsRow,
): StoredCollectorRun {
  return {
    id: String(row.id),
    collectorId: row.collector_id,
    startedAt: timestampToDate(row.started_at),
    finishedAt: timestampToDate(row.finished_at),
    status: row.status as CollectorRun['status'],
    calls: JSON.parse(row.calls) as CollectorRunCalls[],
    error: row.error ?? undefined,
  };
}
