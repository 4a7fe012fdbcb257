import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { SHIPYARD_TIERS, ShipyardTier } from '@internal/plugin-aws-common';

const CONFIG_KEY = 'shipyard.permissions.developerRollbackTiers';
const DEFAULT_TIERS: ShipyardTier[] = ['dev', 'staging'];

/**
 * The environment tiers in which developers may roll back their team's
 * components, from `shipyard.permissions.developerRollbackTiers`. Throws at
 * start-up on an unknown tier, so that a typo never widens or silently
 * narrows who may roll back.
 */
export function readDeveloperRollbackTiers(config: Config): ShipyardTier[] {
  const tiers = config.getOptionalStringArray(CONFIG_KEY) ?? DEFAULT_TIERS;
  return [...new Set(tiers)].map(tier => {
    if (!isShipyardTier(tier)) {
      throw new InputError(
        `Invalid tier '${tier}' in ${CONFIG_KEY}; allowed values are ${SHIPYARD_TIERS.join(
          ', ',
        )}`,
      );
    }
    return tier;
  });
}

function isShipyardTier(value: string): value is ShipyardTier {
  return (SHIPYARD_TIERS as readonly string[]).includes(value);
}
