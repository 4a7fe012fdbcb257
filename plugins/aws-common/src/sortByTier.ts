import { SHIPYARD_TIERS } from './ShipyardEnvironment';

/**
 * The environments from least to most critical tier (dev, staging, prod),
 * keeping configuration order within a tier: the order every page lists
 * environments in.
 *
 * @public
 */
export function sortByTier<T extends { tier: (typeof SHIPYARD_TIERS)[number] }>(
  environments: readonly T[],
): T[] {
  return environments
    .map((environment, index) => ({ environment, index }))
    .sort(
      (a, b) =>
        SHIPYARD_TIERS.indexOf(a.environment.tier) -
          SHIPYARD_TIERS.indexOf(b.environment.tier) || a.index - b.index,
    )
    .map(({ environment }) => environment);
}
