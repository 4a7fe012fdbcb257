import { AwsCallCount } from '@internal/plugin-aws-common';
/**
 * One finished AWS SDK call, as seen by the client factory's middleware:
 * after the SDK's own retries.
 *
 * @public
 */
export interface AwsCall {
  accountId: string;
  region: string;
  /** The SDK client name without "Client", e.g. `ECS`, `CloudWatch`. */
  service: string;
  /** The operation, e.g. `DescribeServices`. */
  operation: string;
  outcome: 'success' | 'error';
  /** The AWS error name when the call failed, e.g. `ThrottlingException`. */
  errorName?: string;
  /** HTTP attempts the call took; more than 1 means the SDK retried. */
  attempts: number;
}

/**
 * Counts calls made inside {@link AwsCallScope.run}, including calls made by
 * anything that function awaits, and nothing else.
 *
 * @public
 */
export interface AwsCallScope {
  run<T>(fn: () => Promise<T>): Promise<T>;
  snapshot(): AwsCallCount[];
}

/**
 * Counts every AWS call that clients of the {@link AwsClientFactory} make.
 * One per process: the totals are what this replica sent to AWS. Collectors
 * and benchmarks use scopes to count the calls of one run.
 *
 * @public
 */
export interface AwsCallCounter {
  record(call: AwsCall): void;
  /** Totals since start or the last reset, sorted. */
  snapshot(): AwsCallCount[];
  reset(): void;
  createScope(): AwsCallScope;
}
