import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  CollectorSchedule,
  readCollectorSchedule,
  readShipyardTagKeys,
} from '@internal/plugin-aws-node';
import { ShipyardTagKeys } from '@internal/plugin-aws-common';

const DAY_MS = 86_400_000;
/**
 * A scheduled run may start a little sooner after the previous one than the
 * frequency (the scheduler's polling, the time a run takes to claim): a
 * refresh that comes this much early still counts as on time, rather than
 * waiting a whole interval more.
 */
const RATION_TOLERANCE_MS = 10 * 60_000;
/**
 * Cost Explorer serves the last 13 months (14 with the current one) unless
 * multi-year data is enabled.
 */
const MAX_BACKFILL_MONTHS = 13;

/** What the costs collector reads from `shipyard.costs` and `shipyard.collectors.costs`. */
export interface CostsCollectorConfig {
  schedule: CollectorSchedule;
  /** `shipyard.costs.refreshesPerDay`, default 3. */
  refreshesPerDay: number;
  /**
   * The least time between the starts of two refreshes, across replicas:
   * a day divided by refreshesPerDay, less a few minutes' tolerance.
   */
  minRefreshIntervalMs: number;
  /** Calendar months the first run reads, the current one included (default 12). */
  backfillMonths: number;
  /**
   * The management (payer) account Cost Explorer is called in, for every
   * environment; undefined: each environment's first account.
   */
  payerAccountId?: string;
  tagKeys: ShipyardTagKeys;
}

/**
 * Reads `shipyard.collectors.costs` (frequency, default 8 hours; timeout,
 * default 1 hour), `shipyard.costs.refreshesPerDay`, `backfillMonths`,
 * `payerAccount.accountId` and the tag keys; a value that cannot work stops
 * start-up naming its key.
 */
export function readCostsCollectorConfig(config: Config): CostsCollectorConfig {
  const schedule = readCollectorSchedule(config, 'shipyard.collectors.costs', {
    frequency: { hours: 8 },
    timeout: { hours: 1 },
  });
  const refreshesPerDay =
    config.getOptionalNumber('shipyard.costs.refreshesPerDay') ?? 3;
  // Cost Explorer itself refreshes its data up to three times a day; more is
  // allowed (a test world), but not fractions or none.
  if (
    !Number.isInteger(refreshesPerDay) ||
    refreshesPerDay < 1 ||
    refreshesPerDay > 24
  ) {
    throw new InputError(
      `shipyard.costs.refreshesPerDay must be a whole number from 1 to 24, got ${refreshesPerDay}`,
    );
  }
  const backfillMonths =
    config.getOptionalNumber('shipyard.costs.backfillMonths') ?? 12;
  if (
    !Number.isInteger(backfillMonths) ||
    backfillMonths < 1 ||
    backfillMonths > MAX_BACKFILL_MONTHS
  ) {
    throw new InputError(
      `shipyard.costs.backfillMonths must be a whole number from 1 to ${MAX_BACKFILL_MONTHS} (Cost Explorer's history), got ${backfillMonths}`,
    );
  }
  const payerAccountId = config.getOptionalString(
    'shipyard.costs.payerAccount.accountId',
  );
  if (payerAccountId !== undefined && !/^\d{12}$/.test(payerAccountId)) {
    throw new InputError(
      `shipyard.costs.payerAccount.accountId must be a 12-digit AWS account id, got "${payerAccountId}"`,
    );
  }
  const interval = DAY_MS / refreshesPerDay;
  return {
    schedule,
    refreshesPerDay,
    minRefreshIntervalMs:
      interval - Math.min(RATION_TOLERANCE_MS, interval / 10),
    backfillMonths,
    ...(payerAccountId !== undefined && { payerAccountId }),
    tagKeys: readShipyardTagKeys(config),
  };
}
