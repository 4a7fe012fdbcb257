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
      // The first 10 days of January against February's 10 (today included).
      previousMonthToDate: { from: '2027-01-01', to: '2027-01-11' },
    });
  });

  it('compares the last days of a long month with all of a shorter previous month', () => {
    expect(
      viewPeriods(at('2027-03-31T00:00:00Z'), 1).previousMonthToDate,
    ).toEqual({ from: '2027-02-01', to: '2027-03-01' });
    // Leap year: 29 days of February.
    expect(
      viewPeriods(at('2028-03-30T23:59:59Z'), 1).previousMonthToDate,
    ).toEqual({ from: '2028-02-01', to: '2028-03-01' });
  });

  it('compares the first day of a month with the first day of the previous one', () => {
    const periods = viewPeriods(at('2027-01-01T00:00:00Z'), 1);
    expect(periods.months).toEqual(['2027-01']);
    // The previous month is read for its totals even when not shown.
    expect(periods.firstMonth).toBe('2026-12');
    expect(periods.previousMonthToDate).toEqual({
      from: '2026-12-01',
      to: '2026-12-02',
    });
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
