import { Period } from '@internal/plugin-availability-common';
import { DAY, HOUR } from './time';

/** A period's span: [start, end), ms since the epoch. */
export interface PeriodSpan {
  period: Period;
  start: number;
  end: number;
}

const ROLLING_DAYS: Partial<Record<Period, number>> = {
  '7d': 7,
  '30d': 30,
  '90d': 90,
};

/** Every period, in the order the entity view lists them. */
export const PERIODS: Period[] = ['7d', '30d', '90d', 'month', 'quarter'];

/**
 * The span a period covers, ending `now`. Rolling periods start N days ago,
 * rounded down to the hour: hour rows then never straddle the start (so the
 * sums are exact), at the cost of up to an hour more than N days. Calendar
 * periods start at 00:00 UTC on the first day of the month or quarter.
 */
export function periodRange(period: Period, now: number): PeriodSpan {
  const days = ROLLING_DAYS[period];
  if (days !== undefined) {
    const start = Math.floor((now - days * DAY) / HOUR) * HOUR;
    return { period, start, end: now };
  }
  const date = new Date(now);
  const month = date.getUTCMonth();
  const firstMonth = period === 'quarter' ? month - (month % 3) : month;
  return {
    period,
    start: Date.UTC(date.getUTCFullYear(), firstMonth, 1),
    end: now,
  };
}
