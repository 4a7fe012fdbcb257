import {
  coreServices,
  createServiceFactory,
  createServiceRef,
  ServiceFactory,
  ServiceRef,
} from '@backstage/backend-plugin-api';
import { ShipyardEnvironments } from './ShipyardEnvironments';
import { DefaultShipyardEnvironments } from './DefaultShipyardEnvironments';

/**
 * The configured environments. Root scoped: one validated copy per process.
 *
 * @public
 */
export const environmentsServiceRef: ServiceRef<
  ShipyardEnvironments,
  'root',
  'singleton'
> = createServiceRef<ShipyardEnvironments>({
  id: 'shipyard.aws.environments',
  scope: 'root',
  defaultFactory: async () => environmentsServiceFactory,
});

/**
 * The default factory of {@link environmentsServiceRef}. It initializes
 * eagerly so that a bad configuration stops the backend at start-up rather
 * than at the first request.
 *
 * @public
 */
export const environmentsServiceFactory: ServiceFactory<
  ShipyardEnvironments,
  'root',
  'singleton'
> = createServiceFactory({
  service: environmentsServiceRef,
  initialization: 'always',
  deps: { config: coreServices.rootConfig },
  factory: ({ config }) => DefaultShipyardEnvironments.fromConfig(config),
});
