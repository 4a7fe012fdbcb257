import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  SHIPYARD_ANNOTATION_RUNTIME,
  ShipyardAnnotations,
  parseShipyardAnnotations,
  resolveComponentTagHolders,
} from '@internal/plugin-aws-common';
import { ShipyardEnvironments } from '../environments/ShipyardEnvironments';

/**
 * A catalog component that Shipyard looks for in AWS: valid annotations with
 * a runtime, and the holder of its component tag value.
 *
 * @public
 */
export interface ShipyardComponent {
  /** The entity ref, e.g. `component:default/checkout-api`. */
  ref: string;
  annotations: ShipyardAnnotations;
  /** The owning group's ref (`spec.owner`, completed), when set. */
  owner?: string;
  /** The system's ref (`spec.system`, completed), when set. */
  system?: string;
}

/**
 * Every component a collector should look for: those with a
 * `shipyard.io/runtime` annotation whose annotations are valid and that hold
 * their component tag value (`resolveComponentTagHolders`). The catalog
 * processor reports the others on their entities, so they are only logged
 * here at debug level.
 *
 * @public
 */
export async function listShipyardComponents(deps: {
  auth: AuthService;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  logger: LoggerService;
}): Promise<ShipyardComponent[]> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  const environmentNames = deps.environments.list().map(e => e.name);
  const components: ShipyardComponent[] = [];
  for await (const page of deps.catalog.streamEntities(
    {
      filter: {
        kind: 'component',
        [`metadata.annotations.${SHIPYARD_ANNOTATION_RUNTIME}`]:
          CATALOG_FILTER_EXISTS,
      },
      fields: [
        'kind',
        'metadata.namespace',
        'metadata.name',
        'metadata.annotations',
        'spec.owner',
        'spec.system',
      ],
    },
    { credentials },
  )) {
    for (const entity of page) {
      const parsed = parseShipyardAnnotations(entity, { environmentNames });
      if (parsed.errors) {
        deps.logger.debug(
          `Skipping ${stringifyEntityRef(entity)}: ${parsed.errors.join(' ')}`,
        );
        continue;
      }
      components.push({
        ref: stringifyEntityRef(entity),
        annotations: parsed.value,
        ...ownerAndSystemOf(entity),
      });
    }
  }

  const holders = resolveComponentTagHolders(
    components.map(c => ({
      entityRef: c.ref,
      componentTagValue: c.annotations.componentTagValue,
    })),
  );
  return components.filter(c => {
    const holder = holders.get(c.annotations.componentTagValue);
    if (holder !== c.ref) {
      deps.logger.debug(
        `Skipping ${c.ref}: its component tag value "${c.annotations.componentTagValue}" is held by ${holder}`,
      );
      return false;
    }
    return true;
  });
}

/**
 * The component's owner and system as full refs, completed the way the
 * catalog completes them (owner: kind group; system: kind system; both in the
 * entity's namespace).
 *
 * @public
 */
export function ownerAndSystemOf(entity: Entity): {
  owner?: string;
  system?: string;
} {
  const namespace = entity.metadata.namespace ?? 'default';
  const spec = (entity.spec ?? {}) as { owner?: unknown; system?: unknown };
  const complete = (value: unknown, defaultKind: string) => {
    if (typeof value !== 'string' || !value) {
      return undefined;
    }
    try {
      return stringifyEntityRef(
        parseEntityRef(value, { defaultKind, defaultNamespace: namespace }),
      );
    } catch {
      // A malformed ref is the catalog's to report; here it is simply unknown.
      return undefined;
    }
  };
  const owner = complete(spec.owner, 'group');
  const system = complete(spec.system, 'system');
  return {
    ...(owner ? { owner } : {}),
    ...(system ? { system } : {}),
  };
}
