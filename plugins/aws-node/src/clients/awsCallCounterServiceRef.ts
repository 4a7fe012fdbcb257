import {
  createServiceFactory,
  createServiceRef,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { AwsCallCounter } from './AwsCallCounter';
import { DefaultAwsCallCounter } from './DefaultAwsCallCounter';

/**
 * The process-wide AWS call counter.
 *
 * @public
 */
export const awsCallCounterServiceRef: ServiceRef<
  AwsCallCounter,
  'root',
  'singleton'
> = createServiceRef<AwsCallCounter>({
  id: 'shipyard.aws.call-counter',
  scope: 'root',
  defaultFactory: async () => awsCallCounterServiceFactory,
});

/**
 * The default factory of {@link awsCallCounterServiceRef}.
 *
 * @public
 */
export const awsCallCounterServiceFactory: ServiceFactory<
  AwsCallCounter,
  'root',
  'singleton'
> = createServiceFactory({
  service: awsCallCounterServiceRef,
  deps: {},
  factory: () => DefaultAwsCallCounter.create(),
});
