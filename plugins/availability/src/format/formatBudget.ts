import { Budget } from '@internal/plugin-availability-common';
import { formatMinutes } from '@internal/shipyard-react';

// U+2212: a minus sign as wide as the digits, so overspent budgets stay aligned.
const MINUS = '\u2212';

/**
 * The share of the error budget left: "72 %", "4.5 %", "−16 %" when
 * overspent. Rounded down (one decimal under 10 %), so what is left is never
 * overstated; "—" without a budget.
 */
export function formatBudgetPercent(percent: number | undefined): string {
  if (percent === undefined || !Number.isFinite(percent)) {
    return '—';
  }
  const precise = Math.abs(percent) < 10;
  const scale = precise ? 10 : 1;
  const floored = Math.floor(percent * scale + 1e-9) / scale;
  const text = Math.abs(floored).toFixed(precise ? 1 : 0);
  return `${floored < 0 ? MINUS : ''}${text} %`;
}

const requestFormat = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 0,
});

/** An amount of budget in its unit: "1,234 requests", "43 min". */
export function formatBudgetAmount(
  amount: number,
  unit: Budget['unit'],
): string {
  if (unit === 'minutes') {
    return formatMinutes(amount);
  }
  const rounded = Math.round(amount);
  return `${requestFormat.format(rounded)} ${
    rounded === 1 ? 'request' : 'requests'
  }`;
}

/** "12 min left of 43 min", or "5 min over a budget of 43 min" when overspent. */
export function describeBudget(budget: Budget): string {
  const total = formatBudgetAmount(budget.total, budget.unit);
  if (budget.remaining < 0) {
    return `${formatBudgetAmount(
      -budget.remaining,
      budget.unit,
    )} over a budget of ${total}`;
  }
  return `${formatBudgetAmount(
    budget.remaining,
    budget.unit,
  )} left of ${total}`;
}
