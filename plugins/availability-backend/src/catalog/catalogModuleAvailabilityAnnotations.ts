import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { AvailabilityAnnotationProcessor } from './AvailabilityAnnotationProcessor';

/**
 * Catalog module: validation of the availability annotations. Exported by
 * the availability backend package beside its plugin, so the family keeps
 * its annotation rules in one place.
 *
 * @public
 */
export const catalogModuleAvailabilityAnnotations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'availability-annotations',
  register(reg) {
    reg.registerInit({
      deps: { catalog: catalogProcessingExtensionPoint },
      async init({ catalog }) {
        catalog.addProcessor(new AvailabilityAnnotationProcessor());
      },
    });
  },
});
