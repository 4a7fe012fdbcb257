import { mockCredentials } from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  BackstageUserPrincipal,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { permissionRules } from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogIngestionManagePermission,
  catalogIngestionReadPermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
  catalogPermissions,
} from '@backstage/plugin-catalog-common/alpha';
import {
  awsComponentResourcesRefreshPermission,
  awsDiagnosticsReadPermission,
  awsPermissions,
} from '@internal/plugin-aws-common';
import {
  costsPermissions,
  costsReadPermission,
} from '@internal/plugin-costs-common';
import {
  deploymentsPermissions,
  deploymentsRollbackPermission,
} from '@internal/plugin-deployments-common';
import {
  securityFindingsReadPermission,
  securityOverviewReadPermission,
  securityPermissions,
} from '@internal/plugin-security-common';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
  Permission,
  PermissionCondition,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  actionExecutePermission,
  scaffolderPermissions,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { ShipyardPermissionPolicy } from './ShipyardPermissionPolicy';

// The demo organisation's personas, with the ownership refs sign-in gives them.
const directory = {
  'ana.lima (developer)': [
    'user:default/ana.lima',
    'group:default/team-storefront',
  ],
  'sam.okafor (sre)': ['user:default/sam.okafor', 'group:default/platform-sre'],
  'mei.chen (manager)': [
    'user:default/mei.chen',
    'group:default/engineering-managers',
  ],
  'new.joiner (no group)': ['user:default/new.joiner'],
} as const;
type Persona = keyof typeof directory;
const personas = Object.keys(directory) as Persona[];

function userInfoFor(persona: Persona) {
  const [userEntityRef] = directory[persona];
  return { userEntityRef, ownershipEntityRefs: [...directory[persona]] };
}

function createPolicy(config: object = {}) {
  return ShipyardPermissionPolicy.fromConfig(new ConfigReader(config), {
    userInfo: {
      async getUserInfo(credentials: BackstageCredentials) {
        const { userEntityRef } =
          credentials.principal as BackstageUserPrincipal;
        const persona = personas.find(p => directory[p][0] === userEntityRef);
        if (!persona) {
          throw new Error(`unknown user ${userEntityRef}`);
        }
        return userInfoFor(persona);
      },
    },
  });
}

function queryUser(persona: Persona) {
  const info = userInfoFor(persona);
  return { credentials: mockCredentials.user(info.userEntityRef), info };
}

// Stand-ins for permissions the policy has no row for, as a future plugin would define them.
const futureRead = createPermission({
  name: 'shipyard.future.thing.read',
  attributes: { action: 'read' },
});
const futureMutation = createPermission({
  name: 'shipyard.future.thing.rollback',
  attributes: { action: 'update' },
});
const futureUnlabelled = createPermission({
  name: 'shipyard.future.thing.poke',
  attributes: {},
});
// Mirrors @backstage/plugin-kubernetes-common, which this package does not depend on.
const kubernetesProxy = createPermission({
  name: 'kubernetes.proxy',
  attributes: {},
});
const kubernetesResourcesRead = createPermission({
  name: 'kubernetes.resources.read',
  attributes: { action: 'read' },
});

const ALLOW = 'ALLOW';
const DENY = 'DENY';
/** Conditional: allowed on catalog entities owned by the user or their groups. */
const OWNED = 'OWNED';
/** Conditional: allowed on scaffolder tasks the user created. */
const OWN_TASK = 'OWN_TASK';
/** Conditional: allowed on the user's components in dev and staging (the default tiers). */
const OWNED_IN_TIERS = 'OWNED_IN_TIERS';
/** Conditional: allowed for the scaffolder actions that Shipyard's templates run, no others. */
const TEMPLATE_ACTIONS = 'TEMPLATE_ACTIONS';
type Expected =
  | typeof ALLOW
  | typeof DENY
  | typeof OWNED
  | typeof OWN_TASK
  | typeof OWNED_IN_TIERS
  | typeof TEMPLATE_ACTIONS;

// Written out by hand from the product rules, independently of decisionTable.ts.
type Row = [Permission, [Expected, Expected, Expected, Expected]];
// prettier-ignore
const expectations: Row[] = [
  //                                     developer  sre     manager  no role
  [catalogEntityReadPermission,            [ALLOW,    ALLOW,  ALLOW,   ALLOW]],
  [catalogLocationReadPermission,          [ALLOW,    ALLOW,  ALLOW,   ALLOW]],
  [catalogIngestionReadPermission,         [ALLOW,    ALLOW,  ALLOW,   ALLOW]],
  [catalogEntityValidatePermission,        [ALLOW,    ALLOW,  ALLOW,   ALLOW]],
  [catalogLocationAnalyzePermission,       [ALLOW,    ALLOW,  DENY,    DENY]],
  [catalogEntityRefreshPermission,         [OWNED,    ALLOW,  DENY,    DENY]],
  [catalogEntityDeletePermission,          [OWNED,    ALLOW,  DENY,    DENY]],
  [catalogEntityCreatePermission,          [DENY,     ALLOW,  DENY,    DENY]],
  [catalogLocationCreatePermission,        [DENY,     ALLOW,  DENY,    DENY]],
  [catalogLocationDeletePermission,        [DENY,     ALLOW,  DENY,    DENY]],
  [catalogIngestionManagePermission,       [DENY,     ALLOW,  DENY,    DENY]],
  [templateParameterReadPermission,        [ALLOW,    ALLOW,  ALLOW,   ALLOW]],
  [templateStepReadPermission,             [ALLOW,    ALLOW,  ALLOW,   ALLOW]],
  [taskReadPermission,                     [ALLOW,    ALLOW,  ALLOW,   ALLOW]],
  [taskCreatePermission,                   [ALLOW,    ALLOW,  DENY,    DENY]],
  [actionExecutePermission,                [TEMPLATE_ACTIONS, ALLOW, DENY, DENY]],
  [taskCancelPermission,                   [OWN_TASK, ALLOW,  DENY,    DENY]],
  [templateDryRunPermission,               [DENY,     ALLOW,  DENY,    DENY]],
  [templateManagementPermission,           [DENY,     ALLOW,  DENY,    DENY]],
  [kubernetesResourcesRead,                [ALLOW,    ALLOW,  DENY,    DENY]],
  [kubernetesProxy,                        [DENY,     ALLOW,  DENY,    DENY]],
  [awsComponentResourcesRefreshPermission, [OWNED,    ALLOW,  DENY,    DENY]],
  [awsDiagnosticsReadPermission,           [DENY,     ALLOW,  DENY,    DENY]],
  [deploymentsRollbackPermission,          [OWNED_IN_TIERS, ALLOW, DENY, DENY]],
  [costsReadPermission,                    [OWNED,    ALLOW,  ALLOW,   DENY]],
  [securityFindingsReadPermission,         [OWNED,    ALLOW,  DENY,    DENY]],
  [securityOverviewReadPermission,         [DENY,     ALLOW,  ALLOW,   DENY]],
  [futureRead,                             [ALLOW,    ALLOW,  ALLOW,   ALLOW]],
  [futureMutation,                         [DENY,     ALLOW,  DENY,    DENY]],
  [futureUnlabelled,                       [DENY,     ALLOW,  DENY,    DENY]],
];

function expectedDecision(
  expected: Expected,
  persona: Persona,
): PolicyDecision {
  const info = userInfoFor(persona);
  switch (expected) {
    case OWNED:
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: info.ownershipEntityRefs },
        },
      };
    case OWN_TASK:
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: [info.userEntityRef] },
        },
      };
    case OWNED_IN_TIERS:
      return ownedInTiers(info.ownershipEntityRefs, ['dev', 'staging']);
    case TEMPLATE_ACTIONS:
      return {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-action',
        conditions: {
          anyOf: [
            hasActionId('shipyard:environments:resolve'),
            hasActionId('shipyard:ecr:create-repository'),
            hasActionId('fetch:template'),
            {
              allOf: [
                hasActionId('publish:gitlab'),
                {
                  rule: 'HAS_STRING_PROPERTY',
                  resourceType: 'scaffolder-action',
                  params: { key: 'token' },
                },
              ],
            },
            hasActionId('shipyard:gitlab:ci-variables'),
            hasActionId('shipyard:catalog:register'),
          ],
        },
      };
    default:
      return { result: AuthorizeResult[expected] };
  }
}

function hasActionId(actionId: string): PermissionCondition {
  return {
    rule: 'HAS_ACTION_ID',
    resourceType: 'scaffolder-action',
    params: { actionId },
  };
}

function ownedInTiers(claims: string[], tiers: string[]): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'deployments',
    resourceType: 'deployment-environment',
    conditions: {
      allOf: [
        {
          rule: 'IS_COMPONENT_OWNER',
          resourceType: 'deployment-environment',
          params: { claims },
        },
        {
          rule: 'IS_IN_TIERS',
          resourceType: 'deployment-environment',
          params: { tiers },
        },
      ],
    },
  };
}

describe('ShipyardPermissionPolicy', () => {
  it('has an expectation for every catalog, scaffolder, aws, deployments, costs and security permission', () => {
    const covered = new Set(expectations.map(([p]) => p.name));
    const missing = [
      ...catalogPermissions,
      ...scaffolderPermissions,
      ...awsPermissions,
      ...deploymentsPermissions,
      ...costsPermissions,
      ...securityPermissions,
    ]
      .map(p => p.name)
      .filter(name => !covered.has(name));
    expect(missing).toEqual([]);
  });

  const cases = expectations.flatMap(([permission, outcomes]) =>
    personas.map((persona, i) => ({
      persona,
      permission,
      expected: outcomes[i],
    })),
  );

  it.each(cases)(
    '$persona: $permission.name is $expected',
    async ({ persona, permission, expected }) => {
      const policy = createPolicy();
      await expect(
        policy.handle({ permission }, queryUser(persona)),
      ).resolves.toEqual(expectedDecision(expected, persona));
    },
  );

  it('denies everything, reads included, when nobody is signed in', async () => {
    const policy = createPolicy();
    for (const permission of [catalogEntityReadPermission, futureRead]) {
      await expect(policy.handle({ permission })).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
    }
  });

  it.each([
    catalogEntityRefreshPermission,
    awsComponentResourcesRefreshPermission,
    costsReadPermission,
    securityFindingsReadPermission,
  ])(
    'gives a developer $name on what their team owns and nothing else',
    async permission => {
      const decision = (await createPolicy().handle(
        { permission },
        queryUser('ana.lima (developer)'),
      )) as ConditionalPolicyDecision;
      const component = (name: string, owner: string): Entity => ({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name },
        spec: { type: 'service', lifecycle: 'production', owner },
        relations: [{ type: 'ownedBy', targetRef: owner }],
      });
      const { params } = decision.conditions as PermissionCondition<
        'catalog-entity',
        { claims: string[] }
      >;
      const applies = (entity: Entity) =>
        permissionRules.isEntityOwner.apply(entity, params!);

      expect(
        applies(component('checkout-api', 'group:default/team-storefront')),
      ).toBe(true);
      expect(
        applies(component('freight-quote-api', 'group:default/team-freight')),
      ).toBe(false);
    },
  );

  it('follows configured role mappings', async () => {
    // Storefront is promoted to platform duty; only the freight team counts as developers.
    const policy = createPolicy({
      shipyard: {
        permissions: {
          roles: {
            sre: ['group:default/team-storefront'],
            developer: ['team-freight'],
          },
        },
      },
    });
    await expect(
      policy.handle(
        { permission: catalogLocationCreatePermission },
        queryUser('ana.lima (developer)'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    // platform-sre is no longer mapped to anything, and not listed as developer either.
    await expect(
      policy.handle(
        { permission: taskCreatePermission },
        queryUser('sam.okafor (sre)'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.DENY });
    await expect(
      policy.handle(
        { permission: catalogEntityReadPermission },
        queryUser('sam.okafor (sre)'),
      ),
    ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
  });

  describe('shipyard.permissions.developerRollbackTiers', () => {
    const withTiers = (tiers: unknown) =>
      createPolicy({
        shipyard: { permissions: { developerRollbackTiers: tiers } },
      });
    const rollbackBy = (persona: Persona, tiers: unknown) =>
      withTiers(tiers).handle(
        { permission: deploymentsRollbackPermission },
        queryUser(persona),
      );

    it('gives developers the configured tiers, prod included when listed', async () => {
      const { ownershipEntityRefs } = userInfoFor('ana.lima (developer)');
      await expect(
        rollbackBy('ana.lima (developer)', ['staging', 'prod']),
      ).resolves.toEqual(
        ownedInTiers(ownershipEntityRefs, ['staging', 'prod']),
      );
    });

    it('keeps rollbacks to SREs when the list is empty', async () => {
      await expect(rollbackBy('ana.lima (developer)', [])).resolves.toEqual({
        result: AuthorizeResult.DENY,
      });
      await expect(rollbackBy('sam.okafor (sre)', [])).resolves.toEqual({
        result: AuthorizeResult.ALLOW,
      });
    });

    it('refuses to start on an unknown tier, naming it', () => {
      expect(() => withTiers(['dev', 'production'])).toThrow(
        "Invalid tier 'production' in shipyard.permissions.developerRollbackTiers; allowed values are dev, staging, prod",
      );
    });
  });
  describe('shipyard.permissions.costs.developers', () => {
    const withCostsDevelopers = (developers: unknown) =>
      createPolicy({
        shipyard: { permissions: { costs: { developers } } },
      });
    const costsReadBy = (persona: Persona, developers: unknown) =>
      withCostsDevelopers(developers).handle(
        { permission: costsReadPermission },
        queryUser(persona),
      );

    it("gives developers every service's costs with allow, and nobody else more", async () => {
      await expect(
        costsReadBy('ana.lima (developer)', 'allow'),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        costsReadBy('new.joiner (no group)', 'allow'),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
      // Other rows are untouched.
      await expect(
        withCostsDevelopers('allow').handle(
          { permission: catalogEntityRefreshPermission },
          queryUser('ana.lima (developer)'),
        ),
      ).resolves.toEqual(expectedDecision(OWNED, 'ana.lima (developer)'));
    });

    it('keeps developers to their team’s services with if-owner', async () => {
      await expect(
        costsReadBy('ana.lima (developer)', 'if-owner'),
      ).resolves.toEqual(expectedDecision(OWNED, 'ana.lima (developer)'));
    });

    it('refuses to start on another value, naming it', () => {
      expect(() => withCostsDevelopers('deny')).toThrow(
        "Invalid value 'deny' in shipyard.permissions.costs.developers; allowed values are if-owner, allow",
      );
    });
  });

  describe('shipyard.permissions.security.managers', () => {
    const findingsReadBy = (persona: Persona, managers: unknown) =>
      createPolicy({
        shipyard: { permissions: { security: { managers } } },
      }).handle(
        { permission: securityFindingsReadPermission },
        queryUser(persona),
      );

    it("gives managers every service's findings with findings, and nobody else more", async () => {
      await expect(
        findingsReadBy('mei.chen (manager)', 'findings'),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        findingsReadBy('ana.lima (developer)', 'findings'),
      ).resolves.toEqual(expectedDecision(OWNED, 'ana.lima (developer)'));
      await expect(
        findingsReadBy('new.joiner (no group)', 'findings'),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    });

    it('keeps managers to counts with counts', async () => {
      await expect(
        findingsReadBy('mei.chen (manager)', 'counts'),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
      await expect(
        createPolicy({
          shipyard: { permissions: { security: { managers: 'counts' } } },
        }).handle(
          { permission: securityOverviewReadPermission },
          queryUser('mei.chen (manager)'),
        ),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
    });

    it('refuses to start on another value, naming it', () => {
      expect(() =>
        createPolicy({
          shipyard: { permissions: { security: { managers: 'allow' } } },
        }),
      ).toThrow(
        "Invalid value 'allow' in shipyard.permissions.security.managers; allowed values are counts, findings",
      );
    });

    it('leaves the costs row as it was, and both keys apply together', async () => {
      const policy = createPolicy({
        shipyard: {
          permissions: {
            costs: { developers: 'allow' },
            security: { managers: 'findings' },
          },
        },
      });
      await expect(
        policy.handle(
          { permission: costsReadPermission },
          queryUser('ana.lima (developer)'),
        ),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        policy.handle(
          { permission: securityFindingsReadPermission },
          queryUser('mei.chen (manager)'),
        ),
      ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      await expect(
        policy.handle(
          { permission: securityFindingsReadPermission },
          queryUser('ana.lima (developer)'),
        ),
      ).resolves.toEqual(expectedDecision(OWNED, 'ana.lima (developer)'));
    });
  });

  describe('shipyard.permissions.security.groups', () => {
    // Storefront stands in for a security team: its members are developers by role.
    const policy = () =>
      createPolicy({
        shipyard: {
          permissions: { security: { groups: ['Team-Storefront'] } },
        },
      });

    it.each([securityFindingsReadPermission, securityOverviewReadPermission])(
      'allows members $name outright, platform findings included',
      async permission => {
        await expect(
          policy().handle({ permission }, queryUser('ana.lima (developer)')),
        ).resolves.toEqual({ result: AuthorizeResult.ALLOW });
      },
    );

    it('grants nothing else, and nothing to people outside the groups', async () => {
      await expect(
        policy().handle(
          { permission: catalogEntityRefreshPermission },
          queryUser('ana.lima (developer)'),
        ),
      ).resolves.toEqual(expectedDecision(OWNED, 'ana.lima (developer)'));
      await expect(
        policy().handle(
          { permission: costsReadPermission },
          queryUser('ana.lima (developer)'),
        ),
      ).resolves.toEqual(expectedDecision(OWNED, 'ana.lima (developer)'));
      await expect(
        policy().handle(
          { permission: securityFindingsReadPermission },
          queryUser('mei.chen (manager)'),
        ),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
      await expect(
        policy().handle(
          { permission: securityOverviewReadPermission },
          queryUser('new.joiner (no group)'),
        ),
      ).resolves.toEqual({ result: AuthorizeResult.DENY });
    });

    it('refuses to start on an invalid ref, naming the key', () => {
      expect(() =>
        createPolicy({
          shipyard: { permissions: { security: { groups: ['group:'] } } },
        }),
      ).toThrow(
        /Invalid entity ref 'group:' in shipyard.permissions.security.groups/,
      );
    });
  });
});
