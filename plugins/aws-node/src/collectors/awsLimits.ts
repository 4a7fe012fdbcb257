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
});
