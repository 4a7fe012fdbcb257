import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DEFAULT_SHIPYARD_TAG_KEYS,
  ShipyardTagKeys,
} from '@internal/plugin-aws-common';

/**
 * Reads `shipyard.tagKeys`, falling back to the default `shipyard:*` keys.
 *
 * @public
 */
export function readShipyardTagKeys(config: Config): ShipyardTagKeys {
  const keys = { ...DEFAULT_SHIPYARD_TAG_KEYS };
  for (const name of Object.keys(keys) as Array<keyof ShipyardTagKeys>) {
    const value = config.getOptionalString(`shipyard.tagKeys.${name}`);
    if (value === undefined) {
      continue;
    }
    // AWS's own limits on tag keys; `aws:` is reserved for AWS.
    if (!value.trim() || value.length > 128 || /^aws:/i.test(value)) {
      throw new InputError(
        `shipyard.tagKeys.${name} "${value}" is not a valid AWS tag key: 1 to 128 characters, not starting with "aws:"`,
      );
    }
    keys[name] = value;
  }
  const values = Object.values(keys);
  if (new Set(values).size !== values.length) {
    throw new InputError(
      `shipyard.tagKeys must use a different key for each of component, environment, owner and system, got ${JSON.stringify(
        keys,
      )}`,
    );
  }
  return keys;
}
