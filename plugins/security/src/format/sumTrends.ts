import { TrendPoint } from '@internal/plugin-security-common';

/**
 * Several environments' trends as one, day by day (a day missing from one
 * environment counts nothing there), oldest first.
 */
export function sumTrends(trends: readonly (readonly TrendPoint[])[]) {
  const days = new Map<string, TrendPoint>();
  for (const trend of trends) {
    for (const point of trend) {
      const sum = days.get(point.day) ?? {
        day: point.day,
        critical: 0,
        high: 0,
        medium: 0,
        low: 0,
        unknown: 0,
      };
      sum.critical += point.critical;
      sum.high += point.high;
      sum.medium += point.medium;
      sum.low += point.low;
      sum.unknown += point.unknown;
      days.set(point.day, sum);
    }
  }
  return [...days.values()].sort((a, b) => a.day.localeCompare(b.day));
}
