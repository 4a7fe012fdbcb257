import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { OthersAs } from './AuthorizedCostsModel';

const KEY = 'shipyard.costs.othersAs';

/**
 * `shipyard.costs.othersAs` (default `hidden`). Another value stops start-up:
 * a typo must not show what was meant to be left out.
 */
export function readOthersAs(config: Config): OthersAs {
  const value = config.getOptionalString(KEY) ?? 'hidden';
  if (value !== 'hidden' && value !== 'total') {
    throw new InputError(
      `Invalid value '${value}' in ${KEY}; allowed values are hidden, total`,
    );
  }
  return value;
}
