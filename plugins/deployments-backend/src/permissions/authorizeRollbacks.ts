import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  deploymentEnvironmentRef,
  deploymentsRollbackPermission,
} from '@internal/plugin-deployments-common';

/**
 * Asks the permission framework, in one request, whether the caller may roll
 * the component back in each of these environments. A conditional decision
 * (a developer's "own component in these tiers") is resolved by the
 * framework through this plugin's rules and `getResources`, so the answer is
 * always allow or deny.
 */
export async function authorizeRollbacks(
  permissions: PermissionsService,
  request: {
    entityRef: string;
    environments: string[];
    credentials: BackstageCredentials;
  },
): Promise<Map<string, boolean>> {
  if (request.environments.length === 0) {
    return new Map();
  }
  const decisions = await permissions.authorize(
    request.environments.map(environment => ({
      permission: deploymentsRollbackPermission,
      resourceRef: deploymentEnvironmentRef(request.entityRef, environment),
    })),
    { credentials: request.credentials },
  );
  return new Map(
    request.environments.map((environment, i) => [
      environment,
      decisions[i].result === AuthorizeResult.ALLOW,
    ]),
  );
}

/** Why a rollback is refused, in words for the person who asked: the tab and the 403 say the same. */
export function rollbackDeniedReason(
  entityRef: string,
  environment: string,
): string {
  return `You may not roll back ${entityRef} in ${environment}: that needs the deployments.rollback permission (SREs anywhere; the owning team's developers in the tiers the platform team allows)`;
}
