import { CostRow } from '@internal/plugin-costs-common';

/** A service (or an environment's unattributed cost) whose cost moved. */
export interface Mover {
  row: CostRow;
  /** Month to date minus the previous month over the same days. */
  change: number;
}

/**
 * The rows whose month to date moved most against the previous month over
 * the same number of days (a like-for-like comparison: a full previous month
 * against a partial one would make everything look cheaper), up or down.
 */
export function topMovers(rows: readonly CostRow[], limit = 10): Mover[] {
  return rows
    .filter(row => row.previousMonthToDate !== undefined)
    .map(row => ({ row, change: row.monthToDate - row.previousMonthToDate! }))
    .filter(mover => mover.change !== 0)
    .sort(
      (a, b) =>
        Math.abs(b.change) - Math.abs(a.change) ||
        (a.row.name ?? '').localeCompare(b.row.name ?? '') ||
        a.row.environment.localeCompare(b.row.environment),
    )
    .slice(0, limit);
}
