/**
 * AWS's per-request limits that collectors batch to, in one place. Exceeding
 * one is an error from AWS (and from the sandbox), not a slowdown.
 *
 * @public
 */
export const AWS_LIMITS = Object.freeze({
  /** Services per ECS DescribeServices request. */
  ecsDescribeServices: 10,
  /** Tasks per ECS DescribeTasks request. */
  ecsDescribeTasks: 100,
  /** Metric data queries per CloudWatch GetMetricData request. */
  cloudWatchGetMetricDataQueries: 500,
  /** Finding ids per GuardDuty GetFindings request. */
  guardDutyGetFindings: 50,
  /** Resources per Resource Groups Tagging API GetResources page. */
  taggingGetResourcesPage: 100,
});
