import { Config, readDurationFromConfig } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  CollectorSchedule,
  readCollectorSchedule,
} from '@internal/plugin-aws-node';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';

const DAY = 86_400_000;
/** CloudWatch keeps hourly data for 455 days: nothing older can be read. */
const MAX_BACKFILL_DAYS = 455;

/** What the availability collector reads from `shipyard.availability`. */
export interface AvailabilityCollectorConfig {
  schedule: CollectorSchedule;
  /** How far back the first run of a series reads, in ms. */
  backfillMs: number;
  /** How long minute rows are kept, in ms. */
  minuteRetentionMs: number;
  /** How long hour rows are kept, in ms. */
  hourRetentionMs: number;
}

function readDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): number {
  return durationToMilliseconds(
    config.has(key) ? readDurationFromConfig(config, { key }) : fallback,
  );
}

/**
 * Reads `shipyard.collectors.availability` (frequency, timeout) and
 * `shipyard.availability`'s `backfill`, `minuteRetention` and
 * `hourRetention`; a value that cannot work stops start-up with its key.
 */
export function readAvailabilityCollectorConfig(
  config: Config,
): AvailabilityCollectorConfig {
  const schedule = readCollectorSchedule(
    config,
    'shipyard.collectors.availability',
    { frequency: { minutes: 5 }, timeout: { minutes: 15 } },
  );
  const backfillMs = readDuration(config, 'shipyard.availability.backfill', {
    days: 90,
  });
  const minuteRetentionMs = readDuration(
    config,
    'shipyard.availability.minuteRetention',
    { days: 3 },
  );
  const hourRetentionMs = readDuration(
    config,
    'shipyard.availability.hourRetention',
    { days: 95 },
  );
  if (backfillMs <= 0 || backfillMs > MAX_BACKFILL_DAYS * DAY) {
    throw new InputError(
      `shipyard.availability.backfill must be more than 0 and at most ${MAX_BACKFILL_DAYS} days, CloudWatch's retention of hourly data`,
    );
  }
  // The collector reads the last minutes before a recent cursor again; they
  // must still be there.
  if (minuteRetentionMs < DAY) {
    throw new InputError(
      'shipyard.availability.minuteRetention must be at least a day',
    );
  }
  if (hourRetentionMs < minuteRetentionMs) {
    throw new InputError(
      'shipyard.availability.hourRetention must not be shorter than minuteRetention: an hour is kept at least as long as its minutes',
    );
  }
  return { schedule, backfillMs, minuteRetentionMs, hourRetentionMs };
}
