import {
  BurnAlert,
  Budget,
  SloState,
} from '@internal/plugin-availability-common';
import { isOverspent } from './errorBudget';

/** Below this share of the budget left, a service is at risk. */
export const AT_RISK_REMAINING_PERCENT = 25;

/**
 * The contract's SloState: no-target without an objective; no-data without
 * a counted unit in the period; breaching when availability is below target
 * (more failed than the budget allows); at-risk when a burn alert fires or
 * less than 25 % of the budget remains; healthy otherwise.
 */
export function sloState(figures: {
  target?: number;
  availability?: number;
  budget?: Budget;
  alert?: BurnAlert;
}): SloState {
  const { target, availability, budget, alert } = figures;
  if (target === undefined || !budget) {
    return 'no-target';
  }
  if (availability === undefined) {
    return 'no-data';
  }
  if (isOverspent(budget)) {
    return 'breaching';
  }
  if (
    alert?.fast ||
    alert?.slow ||
    budget.remainingPercent < AT_RISK_REMAINING_PERCENT
  ) {
    return 'at-risk';
  }
  return 'healthy';
}
