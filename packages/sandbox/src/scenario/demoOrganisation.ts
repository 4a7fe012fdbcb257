/**
 * The demo organisation (Northwind) as the catalog describes it. The scenario builds its
 * cloud from these, so the names here must match catalog/ entity names.
 */

/** @public */
export type ComponentRuntime = 'ecs' | 'eks';

/** @public */
export type ComponentType = 'service' | 'website' | 'worker';

/** @public */
export interface DemoComponent {
  name: string;
  type: ComponentType;
  system: string;
  owner: string;
  runtime: ComponentRuntime;
}

/** @public */
export type EnvironmentTier = 'dev' | 'staging' | 'prod';

/** @public */
export interface DemoEnvironmentRegion {
  region: string;
  ecsClusters: string[];
  eksClusters: string[];
  /** False: GuardDuty was never enabled there (no detector); default true. */
  guardDuty?: boolean;
}

/** @public */
export interface DemoEnvironment {
  name: string;
  tier: EnvironmentTier;
  accountId: string;
  regions: DemoEnvironmentRegion[];
}

/** @public */
export const DEMO_COMPONENTS: readonly DemoComponent[] = [
  {
    name: 'storefront-web',
    type: 'website',
    system: 'storefront',
    owner: 'team-storefront',
    runtime: 'ecs',
  },
  {
    name: 'catalog-api',
    type: 'service',
    system: 'storefront',
    owner: 'team-storefront',
    runtime: 'ecs',
  },
  {
    name: 'branch-inventory-worker',
    type: 'worker',
    system: 'storefront',
    owner: 'team-storefront',
    runtime: 'ecs',
  },
  {
    name: 'checkout-api',
    type: 'service',
    system: 'storefront',
    owner: 'team-storefront',
    runtime: 'ecs',
  },
  {
    name: 'freight-quote-api',
    type: 'service',
    system: 'freight-marketplace',
    owner: 'team-freight',
    runtime: 'eks',
  },
  {
    name: 'carrier-matching-worker',
    type: 'worker',
    system: 'freight-marketplace',
    owner: 'team-freight',
    runtime: 'eks',
  },
  {
    name: 'shipment-tracking-api',
    type: 'service',
    system: 'freight-marketplace',
    owner: 'team-freight',
    runtime: 'eks',
  },
  {
    name: 'payments-gateway',
    type: 'service',
    system: 'payments',
    owner: 'team-payments',
    runtime: 'ecs',
  },
  {
    name: 'ledger-service',
    type: 'service',
    system: 'payments',
    owner: 'team-payments',
    runtime: 'ecs',
  },
];

/** @public */
export const DEMO_ENVIRONMENTS: readonly DemoEnvironment[] = [
  {
    name: 'dev',
    tier: 'dev',
    accountId: '111111111111',
    regions: [
      {
        region: 'eu-west-1',
        ecsClusters: ['dev-apps'],
        eksClusters: ['dev-eks'],
      },
    ],
  },
  {
    name: 'staging',
    tier: 'staging',
    accountId: '111111111111',
    regions: [
      {
        region: 'eu-west-1',
        ecsClusters: ['staging-apps'],
        eksClusters: ['staging-eks'],
      },
    ],
  },
  {
    name: 'prod',
    tier: 'prod',
    accountId: '222222222222',
    regions: [
      {
        region: 'eu-west-1',
        ecsClusters: ['prod-apps'],
        eksClusters: ['prod-eks'],
      },
      {
        region: 'eu-central-1',
        ecsClusters: ['prod-apps-dr'],
        eksClusters: [],
        // Added for disaster recovery after GuardDuty was rolled out, and forgotten: the portal
        // must show "GuardDuty off" here, not "no findings".
        guardDuty: false,
      },
    ],
  },
];

/** ECS components that prod also runs in its disaster-recovery region. @public */
export const DR_REPLICATED_COMPONENTS: readonly string[] = [
  'checkout-api',
  'payments-gateway',
];

/** The team that owns shared infrastructure (clusters). @public */
export const PLATFORM_OWNER = 'platform-sre';

/** The system shared infrastructure (clusters, their NAT and control planes) belongs to. @public */
export const PLATFORM_SYSTEM = 'developer-platform';

/**
 * Who ships each team's releases (the catalog's users, also their GitLab usernames): the person
 * whose pipeline deployed a release. Rollbacks are done by the platform team's SREs.
 *
 * @public
 */
export const DEMO_DEPLOYERS: Readonly<Record<string, readonly string[]>> = {
  'team-storefront': ['ana.lima', 'lucas.moreau'],
  'team-freight': ['jonas.weber'],
  'team-payments': ['priya.nair'],
  [PLATFORM_OWNER]: ['sam.okafor', 'fatima.zahra'],
};

/** The tag keys that link cloud resources to catalog entities. @public */
export const SHIPYARD_TAGS = {
  component: 'shipyard:component',
  environment: 'shipyard:environment',
  owner: 'shipyard:owner',
  system: 'shipyard:system',
} as const;

/** The same link on Kubernetes objects, as labels (a label key cannot hold `:`). @public */
export const SHIPYARD_LABELS = {
  component: 'shipyard.io/component',
  environment: 'shipyard.io/environment',
  owner: 'shipyard.io/owner',
  system: 'shipyard.io/system',
} as const;

/**
 * What the deployment pipeline writes beside the link tags: who deployed and when (ISO 8601, UTC),
 * and the commit it built (the full SHA, and when it was committed, ISO 8601 UTC to the second).
 * ECS: tags on the task definition revision it registered and on the service (the latest
 * deployment, a rollback too). EKS: annotations on the Deployment, which the deployment
 * controller copies onto the ReplicaSet it rolls out; the commit's also on the pod template, so
 * that each ReplicaSet's template names the commit it runs.
 *
 * @public
 */
export const SHIPYARD_DEPLOYMENT_TAGS = {
  deployedBy: 'shipyard:deployed-by',
  deployedAt: 'shipyard:deployed-at',
  commitSha: 'shipyard:commit-sha',
  committedAt: 'shipyard:committed-at',
} as const;

/** @public */
export const SHIPYARD_DEPLOYMENT_ANNOTATIONS = {
  deployedBy: 'shipyard.io/deployed-by',
  deployedAt: 'shipyard.io/deployed-at',
  commitSha: 'shipyard.io/commit-sha',
  committedAt: 'shipyard.io/committed-at',
} as const;
