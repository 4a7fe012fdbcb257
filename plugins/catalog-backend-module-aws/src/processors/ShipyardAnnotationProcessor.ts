import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  getCompoundEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  SHIPYARD_ANNOTATION_PREFIX,
  parseShipyardAnnotations,
} from '@internal/plugin-aws-common';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';

/**
 * Validates the `shipyard.io/*` annotations of every entity and links each
 * component that declares a runtime to the environments it runs in.
 *
 * Malformed annotations, and annotations that try to grant (name an
 * account, region, role or ARN), become processing errors on the entity so
 * that its owner sees them in the catalog. A component with
 * `shipyard.io/runtime` depends on every configured environment, or on the
 * subset named in `shipyard.io/environments`, through the standard
 * `dependsOn`/`dependencyOf` relations to `resource:default/<environment>`.
 */
export class ShipyardAnnotationProcessor implements CatalogProcessor {
  private readonly environments: Pick<ShipyardEnvironments, 'list'>;

  static create(options: {
    /**
     * The configured environments (`environmentsServiceRef`); read for every
     * entity, so processing follows configuration changes.
     */
    environments: Pick<ShipyardEnvironments, 'list'>;
  }): ShipyardAnnotationProcessor {
    return new ShipyardAnnotationProcessor(options.environments);
  }

  private constructor(environments: Pick<ShipyardEnvironments, 'list'>) {
    this.environments = environments;
  }

  getProcessorName(): string {
    return 'ShipyardAnnotationProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    const annotations = Object.keys(entity.metadata.annotations ?? {});
    if (!annotations.some(key => key.startsWith(SHIPYARD_ANNOTATION_PREFIX))) {
      return entity;
    }

    const environmentNames = this.environments.list().map(e => e.name);
    const result = parseShipyardAnnotations(entity, { environmentNames });
    if (result.errors) {
      for (const message of result.errors) {
        emit(processingResult.inputError(location, message));
      }
      return entity;
    }

    if (entity.kind.toLocaleLowerCase('en-US') !== 'component') {
      return entity;
    }
    if (!result.value.runtime) {
      return entity;
    }

    const self = getCompoundEntityRef(entity);
    for (const name of result.value.environments ?? environmentNames) {
      const environment = { kind: 'resource', namespace: 'default', name };
      emit(
        processingResult.relation({
          source: self,
          type: RELATION_DEPENDS_ON,
          target: environment,
        }),
      );
      emit(
        processingResult.relation({
          source: environment,
          type: RELATION_DEPENDENCY_OF,
          target: self,
        }),
      );
    }
    return entity;
  }
}
