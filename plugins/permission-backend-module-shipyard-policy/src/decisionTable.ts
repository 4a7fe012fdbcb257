import { ShipyardRole } from './ShipyardRole';

/**
 * What the policy answers for one role:
 * - `allow` / `deny`;
 * - `if-owner`: allowed on catalog entities the user owns (directly or through one of their groups);
 * - `if-task-creator`: allowed on scaffolder tasks the user started;
 * - `if-template-action`: allowed for the scaffolder actions Shipyard's templates run
 *   ({@link templateActions});
 * - `if-owner-in-tiers`: allowed on a component's deployment in an environment
 *   when the user owns the component and the environment's tier is one of
 *   `shipyard.permissions.developerRollbackTiers` (default dev and staging).
 *
 * @public
 */
export type Outcome =
  | 'allow'
  | 'deny'
  | 'if-owner'
  | 'if-task-creator'
  | 'if-template-action'
  | 'if-owner-in-tiers';

/** @public */
export type RoleOutcomes = Readonly<Record<ShipyardRole, Outcome>>;

/** @public */
export type DecisionTable = {
  /** Decisions by permission name. A row here overrides the fallbacks. */
  permissions: Readonly<Record<string, RoleOutcomes>>;
  /** Any permission without a row whose `attributes.action` is `read`. */
  readFallback: RoleOutcomes;
  /** Any other permission without a row, such as a mutation added by a future plugin. */
  otherFallback: RoleOutcomes;
};

const platformOnly: RoleOutcomes = {
  sre: 'allow',
  developer: 'deny',
  manager: 'deny',
  unassigned: 'deny',
};

const everyone: RoleOutcomes = {
  sre: 'allow',
  developer: 'allow',
  manager: 'allow',
  unassigned: 'allow',
};

/**
 * Shipyard's permission decisions: one row per permission, one column per role.
 * Plugins that introduce a permission add its row here, keyed by the permission's name.
 *
 * @public
 */
export const decisionTable: DecisionTable = {
  permissions: {
    // Catalog. Registering locations decides what the catalog ingests, so it is the platform's.
    'catalog.entity.create': platformOnly,
    'catalog.location.create': platformOnly,
    'catalog.location.delete': platformOnly,
    'catalog.ingestion.manage': platformOnly,
    'catalog.entity.refresh': {
      sre: 'allow',
      developer: 'if-owner',
      manager: 'deny',
      unassigned: 'deny',
    },
    'catalog.entity.delete': {
      sre: 'allow',
      developer: 'if-owner',
      manager: 'deny',
      unassigned: 'deny',
    },
    // Checking a catalog-info.yaml changes nothing.
    'catalog.entity.validate': everyone,
    // Previewing an import makes the backend read the given URL on the GitLab host with the
    // portal's token: for the people who register services, not for every reader.
    'catalog.location.analyze': {
      sre: 'allow',
      developer: 'allow',
      manager: 'deny',
      unassigned: 'deny',
    },

    // Scaffolder: developers create services from templates; templates themselves are the platform's.
    'scaffolder.task.create': {
      sre: 'allow',
      developer: 'allow',
      manager: 'deny',
      unassigned: 'deny',
    },
    // Only the actions Shipyard's templates use: a template is code, and its steps act with the
    // portal's reach (AWS, GitLab, the catalog).
    'scaffolder.action.execute': {
      sre: 'allow',
      developer: 'if-template-action',
      manager: 'deny',
      unassigned: 'deny',
    },
    'scaffolder.task.cancel': {
      sre: 'allow',
      developer: 'if-task-creator',
      manager: 'deny',
      unassigned: 'deny',
    },
    'scaffolder.template.dry-run': platformOnly,
    'scaffolder.template.management': platformOnly,

    // Kubernetes: the proxy passes any request to the cluster API, writes included.
    'kubernetes.proxy': platformOnly,
    // Workloads as the cluster reports them, pod specs and their environment included. A basic
    // permission (the plugin checks it without the entity), so it cannot be narrowed to the owning
    // team here: developers and SREs, not managers or people without a role. The owning team is
    // checked by @internal/plugin-kubernetes-backend-module-shipyard's ShipyardObjectsProvider.
    'kubernetes.resources.read': {
      sre: 'allow',
      developer: 'allow',
      manager: 'deny',
      unassigned: 'deny',
    },

    // AWS: looking up a component's resources now calls AWS and writes Shipyard's database, so
    // it is for the team that owns the component and for SREs, not for readers.
    'aws.component.resources.refresh': {
      sre: 'allow',
      developer: 'if-owner',
      manager: 'deny',
      unassigned: 'deny',
    },
    // What AWS and Kubernetes said when a call failed names roles, accounts and cluster URLs:
    // operators' diagnostics, not every reader's (a read, so it needs its own row).
    'aws.diagnostics.read': platformOnly,
    // Deployments: a rollback changes what runs, so prod is the SREs' unless configuration
    // gives developers that tier too.
    'deployments.rollback': {
      sre: 'allow',
      developer: 'if-owner-in-tiers',
      manager: 'deny',
      unassigned: 'deny',
    },
    // Costs: what a service costs is for those who answer for it, not every reader: managers,
    // SREs and the owning team. `shipyard.permissions.costs.developers: allow` opens it to every
    // developer (configuredDecisionTable).
    'costs.read': {
      sre: 'allow',
      developer: 'if-owner',
      manager: 'allow',
      unassigned: 'deny',
    },
    // Security: a service's GuardDuty findings name its weaknesses (resources, processes, IPs),
    // so they are for the team that fixes them and for SREs, not for every reader. Managers see
    // counts by default; `shipyard.permissions.security.managers: findings` opens the findings
    // to them, and members of `shipyard.permissions.security.groups` (a security team) read both
    // (configuredDecisionTable, ShipyardPermissionPolicy).
    'security.findings.read': {
      sre: 'allow',
      developer: 'if-owner',
      manager: 'deny',
      unassigned: 'deny',
    },
    // Counting every service's findings shows where the risk is without what it is: for those who
    // watch the whole portfolio. Developers count only what they may read (the security backend
    // narrows the counts), so they need no row of their own here.
    'security.overview.read': {
      sre: 'allow',
      developer: 'deny',
      manager: 'allow',
      unassigned: 'deny',
    },
  },
  readFallback: everyone,
  otherFallback: platformOnly,
};
