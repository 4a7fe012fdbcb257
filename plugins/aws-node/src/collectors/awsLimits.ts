/**
 * AWS's per-request limits that collectors batch to, in one place. Exceeding
 * one is an error from AWS (and from the sandbox), not a slowdown. A limit is
 * added here when a collector first batches to it.
 *
 * @public
 */
export const AWS_LIMITS = Object.freeze({
  /** Resources per Resource Groups Tagging API GetResources page. */
  taggingGetResourcesPage: 100,
  /** Services per ECS DescribeServices call. */
  ecsDescribeServices: 10,
  /** Tasks per ECS DescribeTasks call. */
  ecsDescribeTasks: 100,
  /** Task ARNs per ECS ListTasks page. */
  ecsListTasksPage: 100,
  /** Queries (MetricStat and expressions) per CloudWatch GetMetricData call. */
  cloudWatchGetMetricDataQueries: 500,
  /**
   * Datapoints one GetMetricData call returns over all its queries; beyond
   * it AWS paginates, so collectors size each call's time span to fit.
   */
  cloudWatchGetMetricDataDatapoints: 100_800,
  /** Target group ARNs per Elastic Load Balancing DescribeTargetGroups call. */
  elbv2DescribeTargetGroupsArns: 20,
  /** Finding ids per GuardDuty ListFindings page (MaxResults). */
  guardDutyListFindingsPage: 50,
  /** Finding ids per GuardDuty GetFindings call. */
  guardDutyGetFindingsIds: 50,
});
