import { PortfolioRow } from '@internal/plugin-availability-common';
import { PortfolioSort } from './portfolioFilters';

const TIER_RANK = { prod: 0, staging: 1, dev: 2 } as const;

function rowLabel(row: PortfolioRow): string {
  return row.title ?? row.name;
}

// Absent values (no data, no target) sort last whichever the direction.
function compareOptional(
  a: number | null | undefined,
  b: number | null | undefined,
  sign: number,
): number {
  const aMissing = a === null || a === undefined;
  const bMissing = b === null || b === undefined;
  if (aMissing || bMissing) {
    return Number(aMissing) - Number(bMissing);
  }
  return sign * (a - b);
}

/**
 * The rows in the order of a sort. "Worst first" keeps the backend's order
 * (breaching, at risk, then by budget remaining), which is the one the API
 * defines; other columns fall back on it for ties.
 */
export function sortRows(
  rows: readonly PortfolioRow[],
  sort: PortfolioSort,
): PortfolioRow[] {
  const sign = sort.direction === 'asc' ? 1 : -1;
  const indexed = rows.map((row, index) => ({ row, index }));
  const compare = (
    a: { row: PortfolioRow; index: number },
    b: { row: PortfolioRow; index: number },
  ): number => {
    switch (sort.column) {
      case 'service':
        return (
          sign *
          rowLabel(a.row).localeCompare(rowLabel(b.row), 'en-US', {
            sensitivity: 'base',
          })
        );
      case 'environment':
        return (
          sign *
          (TIER_RANK[a.row.tier] - TIER_RANK[b.row.tier] ||
            a.row.environment.localeCompare(b.row.environment, 'en-US'))
        );
      case 'availability':
        return compareOptional(a.row.availability, b.row.availability, sign);
      case 'budget':
        return compareOptional(
          a.row.budget?.remainingPercent,
          b.row.budget?.remainingPercent,
          sign,
        );
      default:
        return sign * (a.index - b.index);
    }
  };
  return indexed
    .sort((a, b) => compare(a, b) || a.index - b.index)
    .map(({ row }) => row);
}
