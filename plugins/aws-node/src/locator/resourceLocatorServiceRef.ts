import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
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
      environments: environmentsServiceRef,
      clientFactory: awsClientFactoryServiceRef,
    },
    factory: ({ config, cache, environments, clientFactory }) =>
      DefaultResourceLocator.fromConfig(config, {
        environments,
        clientFactory,
        cache,
      }),
  });
}

/**
 * Finds components' AWS resources by tag. Plugin scoped, because it caches
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
