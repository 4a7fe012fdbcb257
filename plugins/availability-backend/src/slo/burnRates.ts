import { BurnAlert, BurnRate } from '@internal/plugin-availability-common';
import { CountBucket } from '../database/AvailabilityStore';
import { allowedErrorRatio } from './errorBudget';
import { DAY, HOUR, MINUTE } from './time';

type BurnWindow = BurnRate['window'];

const WINDOWS: Array<[BurnWindow, number]> = [
  ['5m', 5 * MINUTE],
  ['30m', 30 * MINUTE],
  ['1h', HOUR],
  ['2h', 2 * HOUR],
  ['6h', 6 * HOUR],
  ['24h', DAY],
  ['3d', 3 * DAY],
];

/**
 * The multiwindow, multi-burn-rate alerts of Google's SRE workbook (chapter
 * 5, "Alerting on SLOs"): each pairs a long window that shows the burn is
 * significant with a short one that shows it is still going on.
 */
const ALERTS: Record<
  keyof BurnAlert,
  Array<{ long: BurnWindow; short: BurnWindow; rate: number }>
> = {
  fast: [
    { long: '1h', short: '5m', rate: 14.4 },
    { long: '6h', short: '30m', rate: 6 },
  ],
  slow: [
    { long: '24h', short: '2h', rate: 3 },
    { long: '3d', short: '6h', rate: 1 },
  ],
};

/** Burn rates now and the alerts they raise. */
export interface BurnFigures {
  rates: BurnRate[];
  alert: BurnAlert;
}

/**
 * Burn rates over windows ending at `until` (the series' cursor: the minutes
 * after it are not collected yet, not good): the window's error ratio over
 * the ratio the target allows. A rate is null without counted units in the
 * window or without a target. With a target of 100 % any failure burns an
 * infinite rate: the rate is then null (JSON has no infinity) and 0 without
 * failures, and the alerts fire on any failure in both windows.
 */
export function burnRates(
  buckets: CountBucket[],
  until: number | undefined,
  target: number | undefined,
): BurnFigures {
  const ratios = new Map<BurnWindow, number | undefined>();
  for (const [window, width] of WINDOWS) {
    let good = 0;
    let total = 0;
    if (until !== undefined) {
      for (const bucket of buckets) {
        if (bucket.start >= until - width && bucket.start < until) {
          good += bucket.good;
          total += bucket.total;
        }
      }
    }
    ratios.set(window, total > 0 ? (total - good) / total : undefined);
  }

  if (target === undefined) {
    return {
      rates: WINDOWS.map(([window]) => ({ window, rate: null })),
      alert: { fast: false, slow: false },
    };
  }
  const allowed = allowedErrorRatio(target);
  const rateOf = (ratio: number | undefined): number | null => {
    if (ratio === undefined) {
      return null;
    }
    if (allowed === 0) {
      return ratio === 0 ? 0 : null;
    }
    return ratio / allowed;
  };
  // Compared as ratios so that a zero budget needs no infinite rate.
  const above = (window: BurnWindow, rate: number) => {
    const ratio = ratios.get(window);
    return ratio !== undefined && ratio > rate * allowed;
  };
  const fires = (kind: keyof BurnAlert) =>
    ALERTS[kind].some(a => above(a.long, a.rate) && above(a.short, a.rate));
  return {
    rates: WINDOWS.map(([window]) => ({
      window,
      rate: rateOf(ratios.get(window)),
    })),
    alert: { fast: fires('fast'), slow: fires('slow') },
  };
}
