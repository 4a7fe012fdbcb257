import { UserInfoService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  isResourcePermission,
  Permission,
  PermissionCondition,
  PermissionCriteria,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  RESOURCE_TYPE_SCAFFOLDER_ACTION,
  RESOURCE_TYPE_SCAFFOLDER_TASK,
} from '@backstage/plugin-scaffolder-common/alpha';
import { ShipyardTier } from '@internal/plugin-aws-common';
import {
  DEPLOYMENT_ENVIRONMENT_RULES,
  RESOURCE_TYPE_DEPLOYMENT_ENVIRONMENT,
} from '@internal/plugin-deployments-common';
import { configuredDecisionTable } from './configuredDecisionTable';
import { DecisionTable, decisionTable, Outcome } from './decisionTable';
import { DefaultRoleMapping } from './DefaultRoleMapping';
import { normalizeRef } from './normalizeRef';
import { readDeveloperRollbackTiers } from './readDeveloperRollbackTiers';
import {
  readSecurityGroups,
  SECURITY_GROUP_PERMISSIONS,
} from './readSecurityGroups';
import { RoleMapping } from './RoleMapping';
import { ShipyardRole } from './ShipyardRole';
import { templateActions, userTokenActions } from './templateActions';

/**
 * Shipyard's permission policy: the user's role comes from their group membership
 * ({@link RoleMapping}), the answer from the {@link decisionTable}. Members of the
 * security groups (`shipyard.permissions.security.groups`) are also allowed the
 * security permissions, whatever their role.
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
      configuredDecisionTable(config, decisionTable),
      readDeveloperRollbackTiers(config),
      readSecurityGroups(config),
      options.userInfo,
    );
  }

  private constructor(
    private readonly roles: RoleMapping,
    private readonly table: DecisionTable,
    private readonly developerRollbackTiers: ShipyardTier[],
    private readonly securityGroups: Set<string>,
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
    if (
      this.isSecurityGroupGrant(request.permission, info.ownershipEntityRefs)
    ) {
      return { result: AuthorizeResult.ALLOW };
    }
    const role = this.roles.roleOf(info.ownershipEntityRefs);
    const outcome = this.outcomeFor(request.permission, role);
    return toDecision(outcome, request.permission, info, {
      tiers: this.developerRollbackTiers,
    });
  }

  /**
   * A grant on top of the role, not a role of its own: a security engineer
   * who is also a developer keeps what developers may do elsewhere.
   */
  private isSecurityGroupGrant(
    permission: Permission,
    ownershipEntityRefs: string[],
  ): boolean {
    if (
      this.securityGroups.size === 0 ||
      !SECURITY_GROUP_PERMISSIONS.includes(permission.name)
    ) {
      return false;
    }
    return ownershipEntityRefs.some(ref => {
      try {
        return this.securityGroups.has(normalizeRef(ref));
      } catch {
        // A malformed claim grants nothing; it must not fail the whole decision.
        return false;
      }
    });
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
  options: { tiers: ShipyardTier[] },
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
    case 'if-template-action':
      if (!isResourcePermission(permission, RESOURCE_TYPE_SCAFFOLDER_ACTION)) {
        return { result: AuthorizeResult.DENY };
      }
      return templateActionsDecision(permission);
    case 'if-owner-in-tiers':
      if (
        !isResourcePermission(permission, RESOURCE_TYPE_DEPLOYMENT_ENVIRONMENT)
      ) {
        return { result: AuthorizeResult.DENY };
      }
      return ownerInTiersDecision(info.ownershipEntityRefs, options.tiers);
    default:
      return { result: AuthorizeResult.DENY };
  }
}

/**
 * Allowed when the action is one of {@link templateActions}, and for {@link userTokenActions}
 * only with a `token` input (the user's own GitLab token).
 */
function templateActionsDecision(
  permission: ResourcePermission<typeof RESOURCE_TYPE_SCAFFOLDER_ACTION>,
): PolicyDecision {
  const [first, ...rest] = templateActions.map(
    (
      actionId,
    ): PermissionCriteria<PermissionCondition<'scaffolder-action'>> => {
      const isAction = scaffolderActionConditions.hasActionId({ actionId });
      if (!userTokenActions.includes(actionId)) return isAction;
      return {
        allOf: [
          isAction,
          scaffolderActionConditions.hasStringProperty({ key: 'token' }),
        ],
      };
    },
  );
  if (!first) {
    return { result: AuthorizeResult.DENY };
  }
  return createScaffolderActionConditionalDecision(permission, {
    anyOf: [first, ...rest],
  });
}

/**
 * Built from plain objects: the rules are the deployments backend's, and this
 * module names them through the constants of its -common package rather than
 * depending on the backend.
 */
function ownerInTiersDecision(
  claims: string[],
  tiers: ShipyardTier[],
): PolicyDecision {
  // No tier allowed: deny outright rather than send a condition nothing can meet.
  if (tiers.length === 0) {
    return { result: AuthorizeResult.DENY };
  }
  const resourceType = RESOURCE_TYPE_DEPLOYMENT_ENVIRONMENT;
  const isOwner: PermissionCondition<
    typeof resourceType,
    { claims: string[] }
  > = {
    rule: DEPLOYMENT_ENVIRONMENT_RULES.isOwner,
    resourceType,
    params: { claims },
  };
  const inTiers: PermissionCondition<typeof resourceType, { tiers: string[] }> =
    {
      rule: DEPLOYMENT_ENVIRONMENT_RULES.inTiers,
      resourceType,
      params: { tiers },
    };
  const decision: ConditionalPolicyDecision = {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'deployments',
    resourceType,
    conditions: { allOf: [isOwner, inTiers] },
  };
  return decision;
}
