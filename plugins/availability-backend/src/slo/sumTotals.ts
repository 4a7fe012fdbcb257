import { CountBucket } from '../database/AvailabilityStore';
import { MINUTE } from './time';

/** Sums over a range, as the contract's Totals. */
export interface Totals {
  good: number;
  total: number;
  /** Minutes in the range since the series began, up to its cursor. */
  minutes: number;
  /** Of those, the minutes without data. */
  noDataMinutes: number;
}

/**
 * Sums the buckets that start in [start, end). A series is measured from its
 * first minute with data (`since`: a service younger than the period is not
 * charged "no data" for the time before it existed) up to its cursor
 * (`until`: minutes not collected yet are not "no data" either). Minutes
 * without a row, or whose row has no data, are no data; they count neither as
 * good nor as bad.
 */
export function sumTotals(
  buckets: CountBucket[],
  range: { start: number; end: number },
  series: { since?: number; until?: number },
): Totals {
  if (series.since === undefined) {
    return { good: 0, total: 0, minutes: 0, noDataMinutes: 0 };
  }
  const from = Math.max(range.start, series.since);
  const to = Math.min(range.end, series.until ?? range.end);
  let good = 0;
  let total = 0;
  let dataMinutes = 0;
  for (const bucket of buckets) {
    if (bucket.start >= from && bucket.start < to) {
      good += bucket.good;
      total += bucket.total;
      dataMinutes += bucket.dataMinutes;
    }
  }
  const minutes = Math.max(0, Math.floor((to - from) / MINUTE));
  return {
    good,
    total,
    minutes,
    noDataMinutes: Math.max(0, minutes - dataMinutes),
  };
}

/** Percent good over the counted units; undefined without any (no data, or no traffic). */
export function availabilityOf(counts: {
  good: number;
  total: number;
}): number | undefined {
  return counts.total > 0 ? (100 * counts.good) / counts.total : undefined;
}
