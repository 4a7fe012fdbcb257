import { CollectorRunStore as CollectorRunRecorder } from '@internal/plugin-aws-node';
import { StoredCollectorRun } from './StoredCollectorRun';

/**
 * Where this plugin keeps collector runs: aws-node's store, which collectors
 * record into, plus the reading the status route needs.
 */
export interface CollectorRunStore extends CollectorRunRecorder {
  /** The newest runs of each collector, newest first, by collector id. */
  listLatestRuns(options: {
    limitPerCollector: number;
  }): Promise<Record<string, StoredCollectorRun[]>>;
}
