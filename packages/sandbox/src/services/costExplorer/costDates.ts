import { validation } from './costExplorerErrors';

const DAY = 86_400_000;

/** A `YYYY-MM-DD` date as days since the epoch. */
export function dayOf(value: unknown, name: string): number {
  if (
    typeof value !== 'string' ||
    !/^\d{4}-\d{2}-\d{2}$/.test(value) ||
    Number.isNaN(Date.parse(value))
  ) {
    throw validation(
      `${name} has an invalid date format: ${String(
        value,
      )}. Expected format is yyyy-MM-dd.`,
    );
  }
  return Math.floor(Date.parse(`${value}T00:00:00Z`) / DAY);
}

/** Days since the epoch as `YYYY-MM-DD`. */
export function dateOf(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

/** The first day of the month after `day`. */
export function nextMonth(day: number): number {
  const d = new Date(day * DAY);
  return Math.floor(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / DAY);
}

/** Reads a `{ Start, End }` period (End exclusive), validated as Cost Explorer does. */
export function readPeriod(
  period: unknown,
  names = { start: 'Start', end: 'End' },
): { start: number; end: number } {
  if (typeof period !== 'object' || period === null) {
    throw validation('TimePeriod is required.');
  }
  const p = period as Record<string, unknown>;
  const start = dayOf(p[names.start], names.start);
  const end = dayOf(p[names.end], names.end);
  if (start >= end) {
    throw validation(
      'Start date (and hour) should be before end date (and hour)',
    );
  }
  return { start, end };
}
