import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ShipyardEnvironment,
  componentRunsIn,
  parseShipyardAnnotations,
  sortByTier,
} from '@internal/plugin-aws-common';
import { ShipyardEnvironments } from '../environments/ShipyardEnvironments';
import { ShipyardComponent, ownerAndSystemOf } from './listShipyardComponents';

/**
 * One component as a route needs it: read with the caller's credentials (an
 * entity they may not read is not found), its Shipyard annotations checked,
 * and the environments it runs in, by tier.
 *
 * @public
 */
export interface LoadedShipyardComponent {
  component: ShipyardComponent;
  /** The environments it runs in, by tier; only `environment` when asked for one. */
  environments: ShipyardEnvironment[];
}

/**
 * Loads a component for a route.
 *
 * @throws NotFoundError when the caller cannot read the entity; InputError
 *   for invalid annotations, an unknown environment (naming the configured
 *   ones) or an environment the component does not run in.
 * @public
 */
export async function loadShipyardComponent(
  deps: { catalog: CatalogService; environments: ShipyardEnvironments },
  request: {
    entityRef: CompoundEntityRef;
    environment?: string;
    credentials: BackstageCredentials;
  },
): Promise<LoadedShipyardComponent> {
  const entity = await deps.catalog.getEntityByRef(request.entityRef, {
    credentials: request.credentials,
  });
  if (!entity) {
    throw new NotFoundError(
      `No entity ${stringifyEntityRef(request.entityRef)} in the catalog`,
    );
  }
  const ref = stringifyEntityRef(entity);
  const parsed = parseShipyardAnnotations(entity, {
    environmentNames: deps.environments.list().map(e => e.name),
  });
  if (parsed.errors) {
    throw new InputError(
      `${ref} has invalid Shipyard annotations: ${parsed.errors.join(' ')}`,
    );
  }
  const component: ShipyardComponent = {
    ref,
    annotations: parsed.value,
    ...ownerAndSystemOf(entity),
  };

  if (request.environment === undefined) {
    return {
      component,
      environments: sortByTier(deps.environments.list()).filter(e =>
        componentRunsIn(parsed.value, e.name),
      ),
    };
  }
  // The environments service owns the lookup and its error: InputError
  // naming the configured environments.
  const environment = deps.environments.get(request.environment);
  if (!componentRunsIn(parsed.value, environment.name)) {
    throw new InputError(
      `${ref} does not run in ${
        environment.name
      }: its shipyard.io/environments annotation lists ${parsed.value.environments?.join(
        ', ',
      )}`,
    );
  }
  return { component, environments: [environment] };
}
