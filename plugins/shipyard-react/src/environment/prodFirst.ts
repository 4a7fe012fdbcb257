import { ShipyardTier, sortByTier } from '@internal/plugin-aws-common';

/**
 * Environments from the most critical tier down (prod, staging, dev), keeping
 * the given order within a tier: figures are read for prod first.
 */
export function prodFirst<T extends { tier: ShipyardTier }>(
  environments: readonly T[],
): T[] {
  // sortByTier is stable; sorting the reversed list and reversing the result
  // turns the tier order round and keeps the order within each tier.
  return sortByTier([...environments].reverse()).reverse();
}
