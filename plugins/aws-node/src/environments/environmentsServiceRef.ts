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
// start-up rather than at the first request.
function createFactory(
  service: ServiceRef<ShipyardEnvironments, 'root', 'singleton'>,
): ServiceFactory<ShipyardEnvironments, 'root', 'singleton'> {
  return createServiceFactory({
    service,
    initialization: 'always',
    deps: { config: coreServices.rootConfig },
    factory: ({ config }) => DefaultShipyardEnvironments.fromConfig(config),
  });
}

/**
 * The configured environments. Root scoped: one validated copy per process.
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
