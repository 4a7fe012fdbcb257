import { MonthAmount } from '@internal/plugin-costs-common';

/**
 * A row's monthly amounts laid out on the portfolio's months (oldest first),
 * 0 for a month the row has no cost in, so that rows add up column by column.
 */
export function alignMonths(
  amounts: readonly MonthAmount[],
  months: readonly string[],
): number[] {
  const byMonth = new Map(amounts.map(a => [a.month, a.amount]));
  return months.map(month => byMonth.get(month) ?? 0);
}

/** Which of the months Cost Explorer may still revise, from any row's flags. */
export function estimatedMonths(
  rows: readonly { months: readonly MonthAmount[] }[],
  months: readonly string[],
): boolean[] {
  const estimated = new Set<string>();
  for (const row of rows) {
    for (const amount of row.months) {
      if (amount.estimated) estimated.add(amount.month);
    }
  }
  return months.map(month => estimated.has(month));
}
