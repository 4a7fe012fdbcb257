import { CollectorRunRecorder } from '@internal/plugin-aws-node';
import { StoredCollectorRun } from './StoredCollectorRun';

/**
 * Where this plugin keeps collector runs: what collectors record through
 * aws-node's {@link CollectorRunRecorder}, plus the reading the status route
 * and the resources route need.
 */
export interface CollectorRunStore extends CollectorRunRecorder {
  /** The newest runs of each collector, newest first, by collector id. */
  listLatestRuns(options: {
    limitPerCollector: number;
  }): Promise<Record<string, StoredCollectorRun[]>>;
}
