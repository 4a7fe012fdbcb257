import { InputError } from '@backstage/errors';
import { CostDay, CostMonth } from './CostsStore';

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** The UTC day of an instant. */
export function dayOf(date: Date | number): CostDay {
  return new Date(date).toISOString().slice(0, 10);
}

/** Midnight UTC of a day, in ms. */
export function dayStart(day: CostDay): number {
  if (!DAY_PATTERN.test(day) || dayOf(Date.parse(`${day}T00:00:00Z`)) !== day) {
    throw new InputError(`Not a day (YYYY-MM-DD): ${day}`);
  }
  return Date.parse(`${day}T00:00:00Z`);
}

/** The day `n` days after (or before, negative) `day`. */
export function addDays(day: CostDay, n: number): CostDay {
  return dayOf(dayStart(day) + n * DAY_MS);
}

/** Days from `from` to `to` (exclusive): 0 when they are equal. */
export function daysBetween(from: CostDay, to: CostDay): number {
  return Math.round((dayStart(to) - dayStart(from)) / DAY_MS);
}

/** The month of a day. */
export function monthOf(day: CostDay): CostMonth {
  return day.slice(0, 7);
}

/** The first day of a month. */
export function firstDayOf(month: CostMonth): CostDay {
  return `${month}-01`;
}

/** The month `n` months after (or before, negative) `month`. */
export function addMonths(month: CostMonth, n: number): CostMonth {
  const [year, m] = month.split('-').map(Number);
  return dayOf(Date.UTC(year, m - 1 + n, 1)).slice(0, 7);
}

/** The months from `from` to `to`, both included, in order. */
export function monthsBetween(from: CostMonth, to: CostMonth): CostMonth[] {
  const months: CostMonth[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) {
    months.push(m);
  }
  return months;
}
