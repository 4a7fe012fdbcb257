export { createAwsCollector } from './createAwsCollector';
export type {
  AwsCollector,
  AwsCollectorContext,
  AwsCollectorOptions,
} from './createAwsCollector';
export type {
  CollectorRun,
  CollectorRunRecorder,
} from './CollectorRunRecorder';
export { chunk } from './chunk';
export { AWS_LIMITS } from './awsLimits';
export { readCollectorSchedule } from './readCollectorSchedule';
export type { CollectorSchedule } from './readCollectorSchedule';
