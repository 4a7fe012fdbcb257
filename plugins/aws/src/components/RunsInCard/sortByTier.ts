import {
  SHIPYARD_TIERS,
  ShipyardEnvironment,
} from '@internal/plugin-aws-common';

/**
 * The environments from least to most critical tier (dev, staging, prod),
 * keeping configuration order within a tier.
 */
export function sortByTier(
  environments: ShipyardEnvironment[],
): ShipyardEnvironment[] {
  return environments
    .map((environment, index) => ({ environment, index }))
    .sort(
      (a, b) =>
        SHIPYARD_TIERS.indexOf(a.environment.tier) -
          SHIPYARD_TIERS.indexOf(b.environment.tier) || a.index - b.index,
    )
    .map(({ environment }) => environment);
}
