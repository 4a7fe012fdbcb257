import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { durationToMilliseconds } from '@backstage/types';

const KEY = 'shipyard.aws.refreshLimit';

/** How many live refreshes one caller may make per window. */
export interface RefreshLimit {
  requests: number;
  windowMs: number;
}

/**
 * Reads `shipyard.aws.refreshLimit.{requests,window}`: default 10 refreshes
 * per minute per user. A malformed value stops start-up with the key in the
 * message.
 */
export function readRefreshLimit(config: Config): RefreshLimit {
  const requests = config.getOptionalNumber(`${KEY}.requests`) ?? 10;
  if (!Number.isInteger(requests) || requests < 1) {
    throw new InputError(
      `${KEY}.requests must be a whole number of at least 1, got ${requests}`,
    );
  }
  const windowMs = config.has(`${KEY}.window`)
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: `${KEY}.window` }),
      )
    : 60_000;
  if (!(windowMs >= 1000)) {
    throw new InputError(
      `${KEY}.window must be at least one second, got ${windowMs} ms`,
    );
  }
  return { requests, windowMs };
}
