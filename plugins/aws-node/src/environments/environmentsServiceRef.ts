import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { ShipyardEnvironments } from './ShipyardEnvironments';
import { DefaultShipyardEnvironments } from './DefaultShipyardEnvironments';

// Initializes eagerly so that a bad configuration stops the backend at
// start-up rather than at the first request. Root scoped, so that every
// plugin sees the same environments as they follow configuration changes.
function createFactory(
  service: ServiceRef<ShipyardEnvironments, 'root', 'singleton'>,
): ServiceFactory<ShipyardEnvironments, 'root', 'singleton'> {
  return createServiceFactory({
    service,
    initialization: 'always',
    deps: { config: coreServices.rootConfig, logger: coreServices.rootLogger },
    factory: ({ config, logger }) =>
      DefaultShipyardEnvironments.fromConfig(config, {
        logger: logger.child({ service: 'shipyard-environments' }),
      }),
  });
}

/**
 * The configured environments. Root scoped: one validated copy per process,
 * kept current when the configuration changes.
 *
 * @public
 */
export const environmentsServiceRef = createServiceRef<ShipyardEnvironments>({
  id: 'shipyard.aws.environments',
  scope: 'root',
  defaultFactory: async service => createFactory(service),
});

/**
 * The default factory of {@link environmentsServiceRef}.
 *
 * @public
 */
export const environmentsServiceFactory = createFactory(environmentsServiceRef);
