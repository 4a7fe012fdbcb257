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

/**
 * The process-wide AWS client factory. Root scoped, so that every plugin
 * shares the same clients and connection pools.
 *
 * @public
 */
export const awsClientFactoryServiceRef: ServiceRef<
  AwsClientFactory,
  'root',
  'singleton'
> = createServiceRef<AwsClientFactory>({
  id: 'shipyard.aws.client-factory',
  scope: 'root',
  defaultFactory: async () => awsClientFactoryServiceFactory,
});

/**
 * The default factory of {@link awsClientFactoryServiceRef}.
 *
 * @public
 */
export const awsClientFactoryServiceFactory: ServiceFactory<
  AwsClientFactory,
  'root',
  'singleton'
> = createServiceFactory({
  service: awsClientFactoryServiceRef,
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
