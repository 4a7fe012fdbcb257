import { CountBucket } from '../database/AvailabilityStore';
import { availabilityOf, sumTotals } from './sumTotals';
import { HOUR, MINUTE } from './time';

const T0 = Date.UTC(2026, 4, 17, 0, 0);

function minute(
  offset: number,
  good: number,
  total: number,
  dataMinutes = 1,
): CountBucket {
  return { start: T0 + offset * MINUTE, minutes: 1, good, total, dataMinutes };
}

describe('sumTotals', () => {
  it('counts a gap as no data, neither good nor bad', () => {
    // Minutes 0-9 of the range: 0-3 with data, 4-7 missing, 8-9 with data.
    const buckets = [
      minute(0, 100, 100),
      minute(1, 99, 100),
      minute(2, 100, 100),
      minute(3, 98, 100),
      minute(8, 50, 50),
      minute(9, 50, 50),
    ];
    const totals = sumTotals(
      buckets,
      { start: T0, end: T0 + 10 * MINUTE },
      { since: T0 - HOUR, until: T0 + 10 * MINUTE },
    );
    expect(totals).toEqual({
      good: 497,
      total: 500,
      minutes: 10,
      noDataMinutes: 4,
    });
    expect(availabilityOf(totals)).toBeCloseTo(99.4, 10);
  });

  it('has data but no counted unit for zero traffic', () => {
    const buckets = [minute(0, 0, 0), minute(1, 0, 0)];
    const totals = sumTotals(
      buckets,
      { start: T0, end: T0 + 2 * MINUTE },
      { since: T0, until: T0 + 2 * MINUTE },
    );
    expect(totals).toEqual({ good: 0, total: 0, minutes: 2, noDataMinutes: 0 });
    expect(availabilityOf(totals)).toBeUndefined();
  });

  it('measures a service younger than the range since its first minute', () => {
    // The range is 3 hours; the service began 30 minutes before its end.
    const buckets = [minute(150, 10, 10), minute(170, 9, 10)];
    const totals = sumTotals(
      buckets,
      { start: T0, end: T0 + 3 * HOUR },
      { since: T0 + 150 * MINUTE, until: T0 + 3 * HOUR },
    );
    expect(totals).toEqual({
      good: 19,
      total: 20,
      minutes: 30,
      noDataMinutes: 28,
    });
  });

  it('stops at the cursor: minutes not collected yet are not no data', () => {
    const now = T0 + 10 * MINUTE + 30_000;
    const totals = sumTotals(
      [minute(0, 1, 1), minute(1, 1, 1), minute(7, 1, 1)],
      { start: T0, end: now },
      { since: T0, until: T0 + 8 * MINUTE },
    );
    expect(totals).toEqual({ good: 3, total: 3, minutes: 8, noDataMinutes: 5 });
  });

  it('sums hour rows and minute rows, and a partial day', () => {
    // Two hour rows (one with 20 minutes without data), then minutes of the
    // current hour, in a range that ends 3 minutes into that hour.
    const buckets: CountBucket[] = [
      { start: T0, minutes: 60, good: 5990, total: 6000, dataMinutes: 60 },
      {
        start: T0 + HOUR,
        minutes: 60,
        good: 4000,
        total: 4000,
        dataMinutes: 40,
      },
      {
        start: T0 + 2 * HOUR,
        minutes: 1,
        good: 100,
        total: 100,
        dataMinutes: 1,
      },
      {
        start: T0 + 2 * HOUR + MINUTE,
        minutes: 1,
        good: 90,
        total: 100,
        dataMinutes: 1,
      },
    ];
    const totals = sumTotals(
      buckets,
      { start: T0, end: T0 + 2 * HOUR + 3 * MINUTE },
      { since: T0 - HOUR, until: T0 + 2 * HOUR + 3 * MINUTE },
    );
    expect(totals).toEqual({
      good: 10180,
      total: 10200,
      minutes: 123,
      noDataMinutes: 21,
    });
  });

  it('is empty for a series without data', () => {
    expect(
      sumTotals([], { start: T0, end: T0 + HOUR }, { until: undefined }),
    ).toEqual({ good: 0, total: 0, minutes: 0, noDataMinutes: 0 });
  });

  it('leaves out buckets outside the range', () => {
    const totals = sumTotals(
      [minute(-1, 0, 100), minute(0, 10, 10), minute(5, 0, 100)],
      { start: T0, end: T0 + 5 * MINUTE },
      { since: T0 - HOUR, until: T0 + HOUR },
    );
    expect(totals.good).toBe(10);
    expect(totals.total).toBe(10);
  });
});
