import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { ShipyardTier } from '@internal/plugin-aws-common';
import { RESOURCE_TYPE_DEPLOYMENT_ENVIRONMENT } from '@internal/plugin-deployments-common';

/**
 * A component in one environment, as the rollback permission's rules see
 * it: who owns the component and the environment's tier.
 */
export interface DeploymentEnvironmentResource {
  entityRef: string;
  environment: string;
  tier: ShipyardTier;
  /** The owning group's ref, completed; absent when the entity has none. */
  owner?: string;
}

/** The deployments plugin's permission resource type. */
export const deploymentEnvironmentResourceRef = createPermissionResourceRef<
  DeploymentEnvironmentResource,
  never
>().with({
  pluginId: 'deployments',
  resourceType: RESOURCE_TYPE_DEPLOYMENT_ENVIRONMENT,
});
