import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource a rollback acts on: one component in one environment. Its
 * ref is `<entity ref>@<environment>`, e.g.
 * `component:default/checkout-api@prod` ({@link deploymentEnvironmentRef}),
 * so that a policy can decide by owner and by the environment's tier.
 *
 * @public
 */
export const RESOURCE_TYPE_DEPLOYMENT_ENVIRONMENT = 'deployment-environment';

/**
 * The permission rules the deployments backend registers for
 * {@link RESOURCE_TYPE_DEPLOYMENT_ENVIRONMENT}, by name, for policies that
 * build conditions.
 *
 * @public
 */
export const DEPLOYMENT_ENVIRONMENT_RULES = {
  /** params `{ claims: string[] }`: the component is owned by one of the claims. */
  isOwner: 'IS_COMPONENT_OWNER',
  /** params `{ tiers: string[] }`: the environment's tier is one of these. */
  inTiers: 'IS_IN_TIERS',
} as const;

/**
 * Rolls a component back to an earlier revision in one environment: an ECS
 * UpdateService or a Kubernetes Deployment patch. Shipyard's policy: SREs
 * everywhere; developers for their team's components in the tiers
 * `shipyard.permissions.developerRollbackTiers` allows (default dev and
 * staging); nobody else.
 *
 * @public
 */
export const deploymentsRollbackPermission = createPermission({
  name: 'deployments.rollback',
  attributes: { action: 'update' },
  resourceType: RESOURCE_TYPE_DEPLOYMENT_ENVIRONMENT,
});

/**
 * Every permission of the deployments plugin.
 *
 * @public
 */
export const deploymentsPermissions = [deploymentsRollbackPermission];

/**
 * The resource ref of a component in an environment, for
 * {@link deploymentsRollbackPermission}.
 *
 * @public
 */
export function deploymentEnvironmentRef(
  entityRef: string,
  environment: string,
): string {
  return `${entityRef}@${environment}`;
}

/**
 * Reads a ref made by {@link deploymentEnvironmentRef}; undefined when it is
 * not one.
 *
 * @public
 */
export function parseDeploymentEnvironmentRef(
  ref: string,
): { entityRef: string; environment: string } | undefined {
  const at = ref.lastIndexOf('@');
  if (at <= 0 || at === ref.length - 1) {
    return undefined;
  }
  return { entityRef: ref.slice(0, at), environment: ref.slice(at + 1) };
}
