import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  CatalogService,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  ComponentTagClaim,
  SHIPYARD_ANNOTATION_COMPONENT_TAG,
  SHIPYARD_ANNOTATION_PREFIX,
  parseShipyardAnnotations,
  resolveComponentTagHolders,
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
 *
 * A component tag value belongs to one entity (`resolveComponentTagHolders`):
 * a component that claims a value held by another component in the catalog
 * gets a processing error naming the holder, and no relations.
 */
export class ShipyardAnnotationProcessor implements CatalogProcessor {
  private readonly environments: Pick<ShipyardEnvironments, 'list'>;
  private readonly catalog: Pick<CatalogService, 'getEntities'>;
  private readonly auth: Pick<AuthService, 'getOwnServiceCredentials'>;

  static create(options: {
    /**
     * The configured environments (`environmentsServiceRef`); read for every
     * entity, so processing follows configuration changes.
     */
    environments: Pick<ShipyardEnvironments, 'list'>;
    /** Where the other claimants of a component tag value are looked up. */
    catalog: Pick<CatalogService, 'getEntities'>;
    auth: Pick<AuthService, 'getOwnServiceCredentials'>;
  }): ShipyardAnnotationProcessor {
    return new ShipyardAnnotationProcessor(
      options.environments,
      options.catalog,
      options.auth,
    );
  }

  private constructor(
    environments: Pick<ShipyardEnvironments, 'list'>,
    catalog: Pick<CatalogService, 'getEntities'>,
    auth: Pick<AuthService, 'getOwnServiceCredentials'>,
  ) {
    this.environments = environments;
    this.catalog = catalog;
    this.auth = auth;
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

    const { componentTagValue } = result.value;
    const selfRef = stringifyEntityRef(entity);
    const holder = resolveComponentTagHolders([
      { entityRef: selfRef, componentTagValue },
      ...(await this.catalogClaims(componentTagValue, environmentNames)),
    ]).get(componentTagValue);
    if (holder !== selfRef) {
      emit(
        processingResult.inputError(
          location,
          `Component tag value "${componentTagValue}" is held by ${holder}; ${selfRef} cannot claim it, so Shipyard shows no AWS resources for it. ` +
            `A component tag value belongs to one entity: the one in the "default" namespace first, then the one named after the value, then the first by entity ref. ` +
            `Set "${SHIPYARD_ANNOTATION_COMPONENT_TAG}" to the value that your own resources are tagged with, or rename the entity; ` +
            `if the resources tagged "${componentTagValue}" are yours, ask the owner of ${holder} to give the value up.`,
        ),
      );
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

  /**
   * The claims of the runtime components in the catalog on a tag value: those
   * named after it or overriding their tag with it. Each is parsed as the
   * collector parses it, so that both apply the rule to the same claims. The
   * stored version of the entity being processed may be among them; it has
   * the same entity ref, so it changes nothing.
   */
  private async catalogClaims(
    componentTagValue: string,
    environmentNames: string[],
  ): Promise<ComponentTagClaim[]> {
    const credentials = await this.auth.getOwnServiceCredentials();
    const { items } = await this.catalog.getEntities(
      {
        filter: [
          { kind: 'component', 'metadata.name': componentTagValue },
          {
            kind: 'component',
            [`metadata.annotations.${SHIPYARD_ANNOTATION_COMPONENT_TAG}`]:
              componentTagValue,
          },
        ],
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const claims: ComponentTagClaim[] = [];
    for (const other of items) {
      const parsed = parseShipyardAnnotations(other, { environmentNames });
      if (
        parsed.value?.runtime &&
        parsed.value.componentTagValue === componentTagValue
      ) {
        claims.push({
          entityRef: stringifyEntityRef(other),
          componentTagValue,
        });
      }
    }
    return claims;
  }
}
