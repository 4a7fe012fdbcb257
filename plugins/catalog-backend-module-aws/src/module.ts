import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { environmentsServiceRef } from '@internal/plugin-aws-node';
import { ShipyardAnnotationProcessor } from './processors/ShipyardAnnotationProcessor';
import { EnvironmentEntityProvider } from './providers/EnvironmentEntityProvider';

/**
 * Catalog module: configured environments as entities, validation of the
 * Shipyard annotations, and component to environment relations.
 *
 * @public
 */
export const catalogModuleAws = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'aws',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalogService: catalogServiceRef,
        environments: environmentsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        auth,
        catalogService,
        environments,
      }) {
        catalog.addEntityProvider(
          EnvironmentEntityProvider.fromConfig(config, {
            environments,
            logger,
          }),
        );
        catalog.addProcessor(
          ShipyardAnnotationProcessor.create({
            environments,
            catalog: catalogService,
            auth,
          }),
        );
      },
    });
  },
});
