/**
 * The tiers an environment can belong to, from least to most critical.
 *
 * @public
 */
export const SHIPYARD_TIERS = ['dev', 'staging', 'prod'] as const;

/**
 * The tier of an environment.
 *
 * @public
 */
export type ShipyardTier = (typeof SHIPYARD_TIERS)[number];

/**
 * The runtimes a component can run on.
 *
 * @public
 */
export const SHIPYARD_RUNTIMES = ['ecs', 'eks'] as const;

/**
 * The runtime of a component, from the `shipyard.io/runtime` annotation.
 *
 * @public
 */
export type ShipyardRuntime = (typeof SHIPYARD_RUNTIMES)[number];

/**
 * An AWS account of an environment and the regions used in it.
 *
 * @public
 */
export interface ShipyardEnvironmentAccount {
  accountId: string;
  regions: string[];
}

/**
 * An ECS cluster of an environment.
 *
 * @public
 */
export interface ShipyardEcsCluster {
  name: string;
  accountId: string;
  region: string;
}

/**
 * An EKS cluster of an environment. How to authenticate to its API is
 * backend-only configuration and not part of this type.
 *
 * @public
 */
export interface ShipyardEksCluster {
  name: string;
  accountId: string;
  region: string;
  /** The Kubernetes API server URL, when configured. */
  url?: string;
}

/**
 * A deployment environment, as configured by the platform team under
 * `shipyard.environments`. Safe to show to any signed-in user.
 *
 * @public
 */
export interface ShipyardEnvironment {
  name: string;
  title?: string;
  tier: ShipyardTier;
  accounts: ShipyardEnvironmentAccount[];
  ecsClusters: ShipyardEcsCluster[];
  eksClusters: ShipyardEksCluster[];
}

/**
 * One (account, region) pair of an environment: where its resources live.
 *
 * @public
 */
export interface AwsTarget {
  accountId: string;
  region: string;
}
