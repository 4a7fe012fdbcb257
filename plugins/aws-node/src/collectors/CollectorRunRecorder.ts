import { CollectorRunCalls } from '@internal/plugin-aws-common';

/**
 * Where a collector run stands. A run is `running` from its start until it
 * finishes; `abandoned` when its replica stopped before it could say how it
 * ended (see {@link CollectorRunRecorder.startRun}).
 *
 * @public
 */
export type CollectorRunStatus =
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'abandoned';

/**
 * The summary of one finished collector run.
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
 * A run as it is recorded: finished, or still running, or abandoned (both
 * without a finish time).
 *
 * @public
 */
export interface RecordedCollectorRun {
  id: string;
  collectorId: string;
  startedAt: Date;
  finishedAt?: Date;
  status: CollectorRunStatus;
  calls: CollectorRunCalls[];
  error?: string;
}

/**
 * Where collector runs are recorded, so that the portal can show when data
 * was last refreshed, what it cost in AWS calls, and which runs never
 * finished. {@link DefaultCollectorRunRecorder} records them in the plugin's
 * own database.
 *
 * @public
 */
export interface CollectorRunRecorder {
  /**
   * Records that a run started, as `running`, and returns its id. Runs of the
   * same collector still `running` that started before
   * `abandonRunningStartedBefore` are marked `abandoned`: the task's timeout
   * has passed, so the scheduler has freed the task and their replica is gone
   * or gave up. A run of another live replica is younger than the timeout and
   * is left alone.
   */
  startRun(start: {
    collectorId: string;
    startedAt: Date;
    abandonRunningStartedBefore: Date;
  }): Promise<string>;
  /** Records how the run `id` ended, even if it was marked abandoned meanwhile. */
  finishRun(id: string, run: CollectorRun): Promise<void>;
}
