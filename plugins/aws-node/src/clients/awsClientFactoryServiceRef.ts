import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { AwsClientFactory } from './AwsClientFactory';
import { DefaultAwsClientFactory } from './DefaultAwsClientFactory';
import { awsCallCounterServiceRef } from './awsCallCounterServiceRef';

function createFactory(
  service: ServiceRef<AwsClientFactory, 'root', 'singleton'>,
): ServiceFactory<AwsClientFactory, 'root', 'singleton'> {
  return createServiceFactory({
    service,
    deps: {
      config: coreServices.rootConfig,
      counter: awsCallCounterServiceRef,
      lifecycle: coreServices.rootLifecycle,
    },
    factory: ({ config, counter, lifecycle }) => {
      const factory = DefaultAwsClientFactory.fromConfig(config, { counter });
      lifecycle.addShutdownHook(() => factory.destroy());
      return factory;
    },
  });
}

/**
 * The process-wide AWS client factory. Root scoped, so that every plugin
 * shares the same clients and connection pools.
 *
 * @public
 */
export const awsClientFactoryServiceRef = createServiceRef<AwsClientFactory>({
  id: 'shipyard.aws.client-factory',
  scope: 'root',
  defaultFactory: async service => createFactory(service),
});

/**
 * The default factory of {@link awsClientFactoryServiceRef}.
 *
 * @public
 */
export const awsClientFactoryServiceFactory = createFactory(
  awsClientFactoryServiceRef,
);
