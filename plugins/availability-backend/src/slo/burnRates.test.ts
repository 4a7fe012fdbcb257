import { CountBucket } from '../database/AvailabilityStore';
import { burnRates } from './burnRates';
import { DAY, MINUTE } from './time';

const UNTIL = Date.UTC(2026, 4, 17, 12, 0);

/** `count` minutes ending at `end` minutes before UNTIL, each with this error ratio. */
function minutes(
  count: number,
  errorRatio: number,
  options: { end?: number; total?: number } = {},
): CountBucket[] {
  const total = options.total ?? 1000;
  const end = UNTIL - (options.end ?? 0) * MINUTE;
  return Array.from({ length: count }, (_, i) => ({
    start: end - (count - i) * MINUTE,
    minutes: 1,
    good: total - errorRatio * total,
    total,
    dataMinutes: 1,
  }));
}

const rateOf = (figures: ReturnType<typeof burnRates>, window: string) =>
  figures.rates.find(r => r.window === window)?.rate;

describe('burnRates', () => {
  it('divides each window’s error ratio by the allowed ratio', () => {
    // 3 days at 0.05 % errors, with the last 5 minutes at 2 %.
    const buckets = [
      ...minutes(3 * 24 * 60 - 5, 0.0005, { end: 5 }),
      ...minutes(5, 0.02),
    ];
    const figures = burnRates(buckets, UNTIL, 99.9);
    expect(figures.rates.map(r => r.window)).toEqual([
      '5m',
      '30m',
      '1h',
      '2h',
      '6h',
      '24h',
      '3d',
    ]);
    expect(rateOf(figures, '5m')).toBeCloseTo(20, 9);
    // 30 m: 25 minutes at 0.5, 5 at 20 -> (25 × 0.5 + 5 × 20) / 30.
    expect(rateOf(figures, '30m')).toBeCloseTo(112.5 / 30, 9);
    expect(rateOf(figures, '1h')).toBeCloseTo((55 * 0.5 + 100) / 60, 9);
    expect(rateOf(figures, '3d')).toBeCloseTo(
      ((4320 - 5) * 0.5 + 100) / 4320,
      9,
    );
    // 5 m is above 14.4 but 1 h is not: no page.
    expect(figures.alert).toEqual({ fast: false, slow: false });
  });

  it('pages on 1 h and 5 m above 14.4', () => {
    const buckets = minutes(60, 0.015);
    const figures = burnRates(buckets, UNTIL, 99.9);
    expect(rateOf(figures, '1h')).toBeCloseTo(15, 9);
    expect(figures.alert.fast).toBe(true);
  });

  it('pages on 6 h and 30 m above 6, not on 1 h and 5 m', () => {
    const figures = burnRates(minutes(6 * 60, 0.007), UNTIL, 99.9);
    expect(rateOf(figures, '6h')).toBeCloseTo(7, 9);
    expect(figures.alert).toEqual({ fast: true, slow: true });
    // Just at 6 is not above it.
    expect(burnRates(minutes(6 * 60, 0.006), UNTIL, 99.9).alert.fast).toBe(
      false,
    );
  });

  it('opens a ticket on 24 h and 2 h above 3', () => {
    const figures = burnRates(minutes(24 * 60, 0.0035), UNTIL, 99.9);
    expect(figures.alert).toEqual({ fast: false, slow: true });
  });

  it('opens a ticket on 3 d and 6 h above 1, and not when the burn stopped', () => {
    expect(burnRates(minutes(3 * 24 * 60, 0.0015), UNTIL, 99.9).alert).toEqual({
      fast: false,
      slow: true,
    });
    // 3 d above 1 overall, but the last 6 hours are clean: no ticket.
    const stopped = [
      ...minutes(3 * 24 * 60 - 6 * 60, 0.002, { end: 6 * 60 }),
      ...minutes(6 * 60, 0),
    ];
    const figures = burnRates(stopped, UNTIL, 99.9);
    expect(rateOf(figures, '3d')).toBeGreaterThan(1);
    expect(figures.alert.slow).toBe(false);
  });

  it('gives null without data in a window or without a target', () => {
    // Data only 2 to 3 days ago.
    const buckets = minutes(24 * 60, 0.001, { end: 2 * 24 * 60 });
    const figures = burnRates(buckets, UNTIL, 99.9);
    expect(rateOf(figures, '24h')).toBeNull();
    expect(rateOf(figures, '3d')).toBeCloseTo(1, 9);
    expect(burnRates(minutes(60, 0.5), UNTIL, undefined)).toEqual({
      rates: expect.arrayContaining([{ window: '1h', rate: null }]),
      alert: { fast: false, slow: false },
    });
  });

  it('ignores zero-traffic minutes', () => {
    const buckets = [
      ...minutes(55, 0, { end: 5, total: 0 }),
      ...minutes(5, 0.02),
    ];
    expect(rateOf(burnRates(buckets, UNTIL, 99.9), '1h')).toBeCloseTo(20, 9);
  });

  it('with a 100 % target: 0 without failures, null (unbounded) with, and alerts fire', () => {
    expect(rateOf(burnRates(minutes(60, 0), UNTIL, 100), '1h')).toBe(0);
    const figures = burnRates(minutes(3 * 24 * 60, 0.0001), UNTIL, 100);
    expect(rateOf(figures, '1h')).toBeNull();
    expect(figures.alert).toEqual({ fast: true, slow: true });
  });

  it('measures windows back from the cursor, not from now', () => {
    // The last collected minute is 10 minutes ago.
    const buckets = minutes(5, 0.05, { end: 10 });
    const figures = burnRates(buckets, UNTIL - 10 * MINUTE, 99.9);
    expect(rateOf(figures, '5m')).toBeCloseTo(50, 9);
    expect(
      burnRates(buckets, undefined, 99.9).rates.every(r => r.rate === null),
    ).toBe(true);
    expect(DAY).toBe(1440 * MINUTE);
  });
});
