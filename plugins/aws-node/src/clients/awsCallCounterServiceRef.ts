import {
  createServiceFactory,
  createServiceRef,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { AwsCallCounter } from './AwsCallCounter';
import { DefaultAwsCallCounter } from './DefaultAwsCallCounter';

function createFactory(
  service: ServiceRef<AwsCallCounter, 'root', 'singleton'>,
): ServiceFactory<AwsCallCounter, 'root', 'singleton'> {
  return createServiceFactory({
    service,
    deps: {},
    factory: () => DefaultAwsCallCounter.create(),
  });
}

/**
 * The process-wide AWS call counter.
 *
 * @public
 */
export const awsCallCounterServiceRef = createServiceRef<AwsCallCounter>({
  id: 'shipyard.aws.call-counter',
  scope: 'root',
  defaultFactory: async service => createFactory(service),
});

/**
 * The default factory of {@link awsCallCounterServiceRef}.
 *
 * @public
 */
export const awsCallCounterServiceFactory = createFactory(
  awsCallCounterServiceRef,
);
