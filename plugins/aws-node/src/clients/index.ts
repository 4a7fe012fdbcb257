export type { AwsCall, AwsCallCounter, AwsCallScope } from './AwsCallCounter';
export { DefaultAwsCallCounter } from './DefaultAwsCallCounter';
export type {
  AwsClientFactory,
  AwsSdkClient,
  AwsSdkClientClass,
} from './AwsClientFactory';
export { DefaultAwsClientFactory } from './DefaultAwsClientFactory';
export {
  awsCallCounterServiceRef,
  awsCallCounterServiceFactory,
} from './awsCallCounterServiceRef';
export {
  awsClientFactoryServiceRef,
  awsClientFactoryServiceFactory,
} from './awsClientFactoryServiceRef';
export { getAwsCallContext } from './awsCallContext';
export type { AwsCallContext } from './awsCallContext';
