export { createAwsCollector } from './createAwsCollector';
export type {
  AwsCollector,
  AwsCollectorContext,
  AwsCollectorOptions,
} from './createAwsCollector';
export type {
  CollectorRun,
  CollectorRunCalls,
  CollectorRunStore,
} from './CollectorRunStore';
export { chunk } from './chunk';
export { AWS_LIMITS } from './awsLimits';
