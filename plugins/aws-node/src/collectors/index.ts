export { createAwsCollector } from './createAwsCollector';
export type {
  AwsCollector,
  AwsCollectorContext,
  AwsCollectorOptions,
} from './createAwsCollector';
export type {
  CollectorRun,
  CollectorRunRecorder,
  CollectorRunStatus,
  RecordedCollectorRun,
} from './CollectorRunRecorder';
export { DefaultCollectorRunRecorder } from './DefaultCollectorRunRecorder';
export { chunk } from './chunk';
export { AWS_LIMITS } from './awsLimits';
export { readCollectorSchedule } from './readCollectorSchedule';
export type { CollectorSchedule } from './readCollectorSchedule';
