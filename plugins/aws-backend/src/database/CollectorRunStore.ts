import {
  CollectorRunRecorder,
  RecordedCollectorRun,
} from '@internal/plugin-aws-node';

/**
 * Where this plugin keeps collector runs: what collectors record through
 * aws-node's {@link CollectorRunRecorder}, plus the reading the status route
 * and the resources route need. aws-node's DefaultCollectorRunRecorder is
 * both, on this plugin's `collector_runs` table.
 */
export interface CollectorRunStore extends CollectorRunRecorder {
  /** The newest runs of each collector, newest first, by collector id. */
  listLatestRuns(options: {
    limitPerCollector: number;
  }): Promise<Record<string, RecordedCollectorRun[]>>;
}
