import { CountBucket } from '../database/AvailabilityStore';
import { chartPoints } from './chartPoints';
import { DAY, HOUR, MINUTE } from './time';

const D0 = Date.UTC(2026, 4, 10);

const bucket = (start: number, good: number, total: number): CountBucket => ({
  start,
  minutes: 60,
  good,
  total,
  dataMinutes: 60,
});

describe('chartPoints', () => {
  it('sums days, starting at the day of the range start, with a burn-down', () => {
    // Range from 10:00 on day 0 to 06:00 on day 2; budget 20 failures.
    const range = { start: D0 + 10 * HOUR, end: D0 + 2 * DAY + 6 * HOUR };
    const buckets = [
      bucket(D0 + 9 * HOUR, 0, 1000), // before the range: left out
      bucket(D0 + 10 * HOUR, 995, 1000),
      bucket(D0 + 11 * HOUR, 1000, 1000),
      // day 1: no data
      bucket(D0 + 2 * DAY, 985, 1000),
      bucket(D0 + 2 * DAY + 5 * HOUR, 1000, 1000),
    ];
    expect(chartPoints(buckets, range, DAY, 20)).toEqual([
      { t: D0, availability: 99.75, budgetRemainingPercent: 75 },
      { t: D0 + DAY, budgetRemainingPercent: 75 },
      { t: D0 + 2 * DAY, availability: 99.25, budgetRemainingPercent: 0 },
    ]);
  });

  it('buckets minutes into hours, without a burn-down when there is no target', () => {
    const range = { start: D0, end: D0 + 2 * HOUR };
    const buckets: CountBucket[] = [
      { start: D0 + 5 * MINUTE, minutes: 1, good: 1, total: 1, dataMinutes: 1 },
      { start: D0 + HOUR, minutes: 1, good: 0, total: 1, dataMinutes: 1 },
      {
        start: D0 + HOUR + MINUTE,
        minutes: 1,
        good: 1,
        total: 1,
        dataMinutes: 1,
      },
    ];
    expect(chartPoints(buckets, range, HOUR)).toEqual([
      { t: D0, availability: 100 },
      { t: D0 + HOUR, availability: 50 },
    ]);
  });

  it('has at most 92 daily points for a quarter or 90 days', () => {
    const q3 = { start: Date.UTC(2026, 6, 1), end: Date.UTC(2026, 8, 30, 23) };
    expect(chartPoints([], q3, DAY)).toHaveLength(92);
    const rolling = { start: D0 + 10 * HOUR, end: D0 + 90 * DAY + 10 * HOUR };
    expect(chartPoints([], rolling, DAY)).toHaveLength(91);
  });

  it('shows a zero budget as 100 until something fails, then 0', () => {
    const range = { start: D0, end: D0 + 2 * DAY };
    const points = chartPoints(
      [bucket(D0, 10, 10), bucket(D0 + DAY, 9, 10)],
      range,
      DAY,
      0,
    );
    expect(points.map(p => p.budgetRemainingPercent)).toEqual([100, 0]);
  });
});
