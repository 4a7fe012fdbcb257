import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { parseAvailabilityAnnotations } from '@internal/plugin-availability-common';

/**
 * Reports malformed `shipyard.io/availability-target` and
 * `shipyard.io/availability-window` annotations as processing errors on the
 * entity, where its owner sees them. The entity is kept as it is: the
 * availability backend ignores the invalid value and applies the tier's
 * objective, so a typo never hides a service from the dashboards.
 */
export class AvailabilityAnnotationProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'AvailabilityAnnotationProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const result = parseAvailabilityAnnotations(entity);
    for (const message of result.errors ?? []) {
      emit(processingResult.inputError(location, message));
    }
    return entity;
  }
}
