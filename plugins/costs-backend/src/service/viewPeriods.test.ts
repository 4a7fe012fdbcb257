import { viewPeriods } from './viewPeriods';

const at = (iso: string) => Date.parse(iso);

describe('viewPeriods', () => {
  it('counts the months back from the current one, across a year', () => {
    const periods = viewPeriods(at('2027-02-10T15:00:00Z'), 4);
    expect(periods.months).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
      '2027-02',
    ]);
    expect(periods).toMatchObject({
      today: '2027-02-10',
      tomorrow: '2027-02-11',
      month: '2027-02',
      previousMonth: '2027-01',
      // January's first 9 whole days and 15/24 of its 10th against February
      // to date (9 days and 15 hours).
      previousMonthToDate: { from: '2027-01-01', to: '2027-01-10' },
      previousMatchingDay: { day: '2027-01-10', share: 15 / 24 },
    });
  });

  it('compares the last days of a long month with all of a shorter previous month', () => {
    const march31 = viewPeriods(at('2027-03-31T00:00:00Z'), 1);
    expect(march31.previousMonthToDate).toEqual({
      from: '2027-02-01',
      to: '2027-03-01',
    });
    expect(march31.previousMatchingDay).toBeUndefined();
    // Leap year: 29 days of February.
    const march30 = viewPeriods(at('2028-03-30T23:59:59Z'), 1);
    expect(march30.previousMonthToDate).toEqual({
      from: '2028-02-01',
      to: '2028-03-01',
    });
    expect(march30.previousMatchingDay).toBeUndefined();
  });

  it("compares the first day of a month with the same part of the previous month's first day", () => {
    const periods = viewPeriods(at('2027-01-01T00:00:00Z'), 1);
    expect(periods.months).toEqual(['2027-01']);
    // The previous month is read for its totals even when not shown.
    expect(periods.firstMonth).toBe('2026-12');
    // No whole day yet; at midnight nothing of December 1st counts either.
    expect(periods.previousMonthToDate).toEqual({
      from: '2026-12-01',
      to: '2026-12-01',
    });
    expect(periods.previousMatchingDay).toEqual({
      day: '2026-12-01',
      share: 0,
    });
  });

  it('weighs the matching day by how much of today the stored costs cover', () => {
    // Read at 06:00, viewed at 15:00: a quarter of January 10th.
    expect(
      viewPeriods(at('2027-02-10T15:00:00Z'), 1, at('2027-02-10T06:00:00Z'))
        .previousMatchingDay,
    ).toEqual({ day: '2027-01-10', share: 0.25 });
    // Last read yesterday: nothing of today is stored.
    expect(
      viewPeriods(at('2027-02-10T15:00:00Z'), 1, at('2027-02-09T22:00:00Z'))
        .previousMatchingDay,
    ).toEqual({ day: '2027-01-10', share: 0 });
  });

  it('works in UTC days whatever the hour', () => {
    expect(viewPeriods(at('2026-12-31T23:59:59.999Z'), 2)).toMatchObject({
      today: '2026-12-31',
      tomorrow: '2027-01-01',
      months: ['2026-11', '2026-12'],
      firstMonth: '2026-11',
    });
  });
});
