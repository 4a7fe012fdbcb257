/**
 * How many calls a collector run made to one AWS operation, over all
 * accounts, regions and outcomes.
 *
 * @public
 */
export interface CollectorRunCalls {
  /** e.g. `ECS`, `CloudWatch`, `CostExplorer`. */
  service: string;
  /** e.g. `DescribeServices`. */
  operation: string;
  /** Calls made, each after the SDK's own retries. */
  count: number;
  /**
   * Extra HTTP attempts the SDK made for these calls (throttling, 5xx), so
   * that `count + retries` is the requests AWS saw. Present only when the
   * SDK retried.
   */
  retries?: number;
}

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
export interface CollectorRunStore {
  recordRun(run: CollectorRun): Promise<void>;
}
