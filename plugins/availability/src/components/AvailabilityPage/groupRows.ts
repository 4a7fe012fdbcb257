import { PortfolioRow, SloState } from '@internal/plugin-availability-common';
import { countStates, worstState } from '../../format/sloStates';
import { GroupBy } from './portfolioFilters';

/** What a group of rows adds up to. */
export interface GroupRollup {
  /**
   * Good over total summed over the group's rows, in percent; null without
   * counted data. Rows count by their units, so a service with more traffic
   * weighs more.
   */
  availability: number | null;
  /** The worst state of its rows. */
  state: SloState;
  counts: Record<SloState, number>;
  /** The least budget left among its rows (units differ, so they are not summed). */
  lowestBudgetPercent?: number;
}

export interface PortfolioGroup {
  /** The system or owner ref; undefined for rows without one. */
  ref?: string;
  rows: PortfolioRow[];
  rollup: GroupRollup;
}

/** The roll-up of some rows: sum of good over sum of total, the worst state. */
export function rollUp(rows: readonly PortfolioRow[]): GroupRollup {
  let good = 0;
  let total = 0;
  let lowestBudgetPercent: number | undefined;
  for (const row of rows) {
    if (row.totals) {
      good += row.totals.good;
      total += row.totals.total;
    }
    const percent = row.budget?.remainingPercent;
    if (
      percent !== undefined &&
      (lowestBudgetPercent === undefined || percent < lowestBudgetPercent)
    ) {
      lowestBudgetPercent = percent;
    }
  }
  return {
    availability: total > 0 ? (good / total) * 100 : null,
    state: worstState(rows.map(r => r.state)) ?? 'no-data',
    counts: countStates(rows),
    lowestBudgetPercent,
  };
}

/**
 * The rows by system or by team. Groups come in the order of their first
 * row, and rows keep their order within a group: sorted worst first, the
 * group with the worst row leads.
 */
export function groupRows(
  rows: readonly PortfolioRow[],
  by: GroupBy,
): PortfolioGroup[] {
  const groups = new Map<string | undefined, PortfolioRow[]>();
  for (const row of rows) {
    const ref = by === 'system' ? row.system : row.owner;
    const members = groups.get(ref);
    if (members) {
      members.push(row);
    } else {
      groups.set(ref, [row]);
    }
  }
  return [...groups].map(([ref, members]) => ({
    ref,
    rows: members,
    rollup: rollUp(members),
  }));
}
