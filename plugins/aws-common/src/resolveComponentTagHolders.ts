import { DEFAULT_NAMESPACE, parseEntityRef } from '@backstage/catalog-model';

/**
 * An entity's claim on a component tag value: the entity's AWS resources are
 * the ones tagged with that value.
 *
 * @public
 */
export interface ComponentTagClaim {
  /** A full entity ref, e.g. `component:default/checkout-api`. */
  entityRef: string;
  /** The `shipyard.io/component-tag` override, or else the entity name. */
  componentTagValue: string;
}

/**
 * Decides which entity holds each claimed component tag value. A tag value
 * belongs to one entity: anyone can edit a catalog-info.yaml, so without this
 * rule any entity could claim another team's value, by annotation or by
 * reusing a name in another namespace, and be shown that team's resources.
 *
 * The holder of a value is the claimant that comes first by:
 *
 * 1. namespace `default` before any other namespace;
 * 2. claiming by its own name (the value equals the entity name, ignoring
 *    case as entity names do) before claiming through the
 *    `shipyard.io/component-tag` annotation;
 * 3. the entity ref, compared case-insensitively by code unit (then exactly,
 *    so that the order is total).
 *
 * Pure and deterministic: the same claims in any order give the same
 * holders, and nothing depends on which entity was registered first.
 *
 * @returns The holder's entity ref per claimed tag value, in tag value order.
 * @public
 */
export function resolveComponentTagHolders(
  claims: Iterable<ComponentTagClaim>,
): Map<string, string> {
  const best = new Map<string, RankedClaim>();
  for (const claim of claims) {
    const ranked = rank(claim);
    const current = best.get(claim.componentTagValue);
    if (!current || compareRanked(ranked, current) < 0) {
      best.set(claim.componentTagValue, ranked);
    }
  }
  return new Map(
    [...best.keys()]
      .sort(compareStrings)
      .map(value => [value, best.get(value)!.entityRef]),
  );
}

type RankedClaim = {
  entityRef: string;
  key: [number, number, string, string];
};

function rank(claim: ComponentTagClaim): RankedClaim {
  const { namespace, name } = parseEntityRef(claim.entityRef);
  return {
    entityRef: claim.entityRef,
    key: [
      namespace.toLocaleLowerCase('en-US') === DEFAULT_NAMESPACE ? 0 : 1,
      name.toLocaleLowerCase('en-US') ===
      claim.componentTagValue.toLocaleLowerCase('en-US')
        ? 0
        : 1,
      claim.entityRef.toLocaleLowerCase('en-US'),
      claim.entityRef,
    ],
  };
}

function compareRanked(a: RankedClaim, b: RankedClaim): number {
  return (
    a.key[0] - b.key[0] ||
    a.key[1] - b.key[1] ||
    compareStrings(a.key[2], b.key[2]) ||
    compareStrings(a.key[3], b.key[3])
  );
}

// By code unit, not localeCompare: the same order on every machine.
function compareStrings(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
