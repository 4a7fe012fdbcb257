import { UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  Permission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderTaskConditionalDecision,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import { RESOURCE_TYPE_SCAFFOLDER_TASK } from '@backstage/plugin-scaffolder-common/alpha';
import { DecisionTable, decisionTable, Outcome } from './decisionTable';
import { DefaultRoleMapping } from './DefaultRoleMapping';
import { RoleMapping } from './RoleMapping';
import { ShipyardRole } from './ShipyardRole';

/**
 * Shipyard's permission policy: the user's role comes from their group membership
 * ({@link RoleMapping}), the answer from the {@link decisionTable}.
 *
 * @public
 */
export class ShipyardPermissionPolicy implements PermissionPolicy {
  static fromConfig(
    config: Config,
    options: { userInfo: UserInfoService },
  ): ShipyardPermissionPolicy {
    return new ShipyardPermissionPolicy(
      DefaultRoleMapping.fromConfig(config),
      decisionTable,
      options.userInfo,
    );
  }

  private constructor(
    private readonly roles: RoleMapping,
    private readonly table: DecisionTable,
    private readonly userInfo: UserInfoService,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // Service-to-service calls are allowed before reaching the policy, so no user means nobody
    // signed in.
    if (!user) {
      return { result: AuthorizeResult.DENY };
    }
    const info = await this.userInfo.getUserInfo(user.credentials);
    const role = this.roles.roleOf(info.ownershipEntityRefs);
    const outcome = this.outcomeFor(request.permission, role);
    return toDecision(outcome, request.permission, info);
  }

  private outcomeFor(permission: Permission, role: ShipyardRole): Outcome {
    const row =
      this.table.permissions[permission.name] ??
      (permission.attributes.action === 'read'
        ? this.table.readFallback
        : this.table.otherFallback);
    return row[role];
  }
}

function toDecision(
  outcome: Outcome,
  permission: Permission,
  info: { userEntityRef: string; ownershipEntityRefs: string[] },
): PolicyDecision {
  switch (outcome) {
    case 'allow':
      return { result: AuthorizeResult.ALLOW };
    case 'if-owner':
      // A row may name a permission whose resource the condition cannot apply to; fail closed.
      if (!isResourcePermission(permission, RESOURCE_TYPE_CATALOG_ENTITY)) {
        return { result: AuthorizeResult.DENY };
      }
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: info.ownershipEntityRefs }),
      );
    case 'if-task-creator':
      if (!isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_TASK)) {
        return { result: AuthorizeResult.DENY };
      }
      return createScaffolderTaskConditionalDecision(
        permission,
        scaffolderTaskConditions.isTaskOwner({
          createdBy: [info.userEntityRef],
        }),
      );
    default:
      return { result: AuthorizeResult.DENY };
  }
}
