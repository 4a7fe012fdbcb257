import { Budget } from '@internal/plugin-availability-common';
import { SliKind } from '@internal/plugin-availability-common';

/**
 * The share of units the target allows to fail, e.g. 0.001 for 99.9. Targets
 * have at most four decimals (the annotation parser's rule), so the share is
 * rounded to that precision: 100 − 99.9 is 0.0999…94 in floating point.
 */
export function allowedErrorRatio(target: number): number {
  return Math.round((100 - target) * 1e4) / 1e6;
}

/** Tolerance for comparing sums of counts with budgets computed in floating point. */
const EPSILON = 1e-9;

/**
 * The error budget of a period so far: the target allows (1 − target) of the
 * units counted so far to fail (requests for the request SLI, minutes for
 * the health SLI); consumed is the units that failed.
 *
 * A target of 100 % allows nothing: the budget is zero. Its remainingPercent
 * is 100 while nothing failed and 0 as soon as anything did (a percentage of
 * nothing is undefined; 0 says "spent", and `remaining` shows by how much).
 * The same holds for a period without counted units (a zero budget, nothing
 * consumed: 100).
 */
export function errorBudget(
  counts: { good: number; total: number },
  target: number,
  sli: SliKind,
): Budget {
  const total = allowedErrorRatio(target) * counts.total;
  const consumed = counts.total - counts.good;
  const remaining = total - consumed;
  return {
    unit: sli === 'requests' ? 'requests' : 'minutes',
    total,
    consumed,
    remaining,
    remainingPercent: remainingPercentOf(total, consumed),
  };
}

/** The share of a budget left; a zero budget is 100 until anything is consumed, then 0. */
export function remainingPercentOf(total: number, consumed: number): number {
  if (total > 0) {
    return (100 * (total - consumed)) / total;
  }
  return consumed > 0 ? 0 : 100;
}

/** True when more failed than the budget allows: availability is below target. */
export function isOverspent(budget: Budget): boolean {
  return budget.consumed > budget.total * (1 + EPSILON) + EPSILON;
}
