import { CollectorRunCalls } from '@internal/plugin-aws-common';

/**
 * The summary of one collector run.
 *
 * @public
 */
export interface CollectorRun {
  collectorId: string;
  startedAt: Date;
  finishedAt: Date;
  status: 'succeeded' | 'failed';
  calls: CollectorRunCalls[];
  /** The error message of a failed run. */
  error?: string;
}

/**
 * Where collector runs are recorded, so that the portal can show when data
 * was last refreshed and what it cost in AWS calls. Implemented with knex in
 * the aws-backend plugin.
 *
 * @public
 */
export interface CollectorRunRecorder {
  recordRun(run: CollectorRun): Promise<void>;
}
