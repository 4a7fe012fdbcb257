import { AuthService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { parseDeploymentEnvironmentRef } from '@internal/plugin-deployments-common';
import {
  ShipyardEnvironments,
  ownerAndSystemOf,
} from '@internal/plugin-aws-node';
import { DeploymentEnvironmentResource } from './deploymentEnvironmentResourceRef';

/**
 * The `getResources` of the deployment-environment resource type: for each
 * `<entity ref>@<environment>`, the entity's owner from the catalog and the
 * environment's tier. Unknown entities, unknown environments and malformed
 * refs load as undefined, which no condition matches (deny).
 */
export async function loadDeploymentEnvironments(
  deps: {
    auth: AuthService;
    catalog: CatalogService;
    environments: ShipyardEnvironments;
  },
  refs: string[],
): Promise<Array<DeploymentEnvironmentResource | undefined>> {
  const parsed = refs.map(ref => parseDeploymentEnvironmentRef(ref));
  const entityRefs = [
    ...new Set(parsed.flatMap(p => (p ? [p.entityRef] : []))),
  ].filter(ref => {
    try {
      parseEntityRef(ref);
      return true;
    } catch {
      return false;
    }
  });
  const { items } = await deps.catalog.getEntitiesByRefs(
    { entityRefs, fields: ['kind', 'metadata', 'spec.owner'] },
    { credentials: await deps.auth.getOwnServiceCredentials() },
  );
  const entities = new Map(entityRefs.map((ref, i) => [ref, items[i]]));
  const tiers = new Map(deps.environments.list().map(e => [e.name, e.tier]));

  return parsed.map(p => {
    const entity = p && entities.get(p.entityRef);
    const tier = p && tiers.get(p.environment);
    if (!p || !entity || !tier) {
      return undefined;
    }
    const { owner } = ownerAndSystemOf(entity);
    return {
      entityRef: p.entityRef,
      environment: p.environment,
      tier,
      ...(owner ? { owner } : {}),
    };
  });
}
