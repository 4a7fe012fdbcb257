import { ShipyardTier } from './schema/openapi/generated';

/**
 * The tiers an environment can belong to, from least to most critical. The
 * type {@link ShipyardTier} comes from the aws plugin's spec; this is its
 * runtime list, in order.
 *
 * @public
 */
export const SHIPYARD_TIERS = [
  'dev',
  'staging',
  'prod',
] as const satisfies readonly ShipyardTier[];

// Fails to compile when the spec gains a tier this list lacks.
const everyTierListed: ShipyardTier extends (typeof SHIPYARD_TIERS)[number]
  ? true
  : false = true;
void everyTierListed;

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
 * One (account, region) pair of an environment: where its resources live.
 *
 * @public
 */
export interface AwsTarget {
  accountId: string;
  region: string;
}
