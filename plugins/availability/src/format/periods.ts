import { Period } from '@internal/plugin-availability-common';

/** The periods the API answers for, in the order the selector offers them. */
export const PERIODS: readonly Period[] = [
  '7d',
  '30d',
  '90d',
  'month',
  'quarter',
];

export const DEFAULT_PERIOD: Period = '30d';

export const periodLabel: Record<Period, string> = {
  '7d': '7 days',
  '30d': '30 days',
  '90d': '90 days',
  month: 'Month to date',
  quarter: 'Quarter to date',
};

/** The period a URL names, else the default. */
export function readPeriod(value: string | null): Period {
  return PERIODS.find(p => p === value) ?? DEFAULT_PERIOD;
}
