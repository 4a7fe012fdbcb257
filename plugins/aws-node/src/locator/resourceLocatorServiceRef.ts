import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { awsCallCounterServiceRef } from '../clients/awsCallCounterServiceRef';
import { awsClientFactoryServiceRef } from '../clients/awsClientFactoryServiceRef';
import { environmentsServiceRef } from '../environments/environmentsServiceRef';
import { DefaultResourceLocator } from './DefaultResourceLocator';
import { ResourceLocator } from './ResourceLocator';

function createFactory(
  service: ServiceRef<ResourceLocator, 'plugin', 'singleton'>,
): ServiceFactory<ResourceLocator, 'plugin', 'singleton'> {
  return createServiceFactory({
    service,
    deps: {
      config: coreServices.rootConfig,
      cache: coreServices.cache,
      logger: coreServices.logger,
      environments: environmentsServiceRef,
      clientFactory: awsClientFactoryServiceRef,
      counter: awsCallCounterServiceRef,
    },
    factory: ({
      config,
      cache,
      logger,
      environments,
      clientFactory,
      counter,
    }) =>
      DefaultResourceLocator.fromConfig(config, {
        environments,
        clientFactory,
        cache,
        logger,
        counter,
      }),
  });
}

/**
 * Finds components' AWS resources by tag and their EKS workloads by label.
 * Plugin scoped, because it caches
 * through the plugin's CacheService.
 *
 * @public
 */
export const resourceLocatorServiceRef = createServiceRef<ResourceLocator>({
  id: 'shipyard.aws.resource-locator',
  scope: 'plugin',
  defaultFactory: async service => createFactory(service),
});

/**
 * The default factory of {@link resourceLocatorServiceRef}.
 *
 * @public
 */
export const resourceLocatorServiceFactory = createFactory(
  resourceLocatorServiceRef,
);
