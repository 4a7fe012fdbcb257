import {
  CostRow,
  Forecast,
  Portfolio,
  Tier,
} from '@internal/plugin-costs-common';
import { prodFirst } from '@internal/shipyard-react';
import { alignMonths } from './alignMonths';
import { Withheld } from './groupCosts';

/** One environment's costs this month, everything in it counted. */
export interface EnvironmentSummary {
  environment: string;
  tier: Tier;
  monthToDate: number;
  previousMonth: number;
  /** Cost without a component tag: nobody's service. */
  unattributed: number;
  /** Other teams' services, when the backend totals them; undefined when it leaves them out. */
  withheld?: number;
  forecast?: Forecast;
}

/**
 * Per environment, prod first: the services shown, the unattributed cost and
 * other teams' total added up; with Cost Explorer's forecast to month end.
 */
export function summarizeEnvironments(
  portfolio: Pick<Portfolio, 'months' | 'forecasts'>,
  rows: readonly CostRow[],
  withheld: readonly Withheld[] = [],
): EnvironmentSummary[] {
  const summaries = new Map<string, EnvironmentSummary>();
  const summaryOf = (environment: string, tier?: Tier) => {
    let summary = summaries.get(environment);
    if (!summary) {
      summary = {
        environment,
        // An environment known only from another team's total: its tier is
        // unknown here, and it sorts last.
        tier: tier ?? 'dev',
        monthToDate: 0,
        previousMonth: 0,
        unattributed: 0,
        forecast: portfolio.forecasts?.find(f => f.environment === environment)
          ?.forecast,
      };
      summaries.set(environment, summary);
    } else if (tier) {
      summary.tier = tier;
    }
    return summary;
  };

  for (const row of rows) {
    const summary = summaryOf(row.environment, row.tier);
    summary.monthToDate += row.monthToDate;
    summary.previousMonth += row.previousMonth;
    if (!row.entityRef) summary.unattributed += row.monthToDate;
  }
  for (const total of withheld) {
    const summary = summaryOf(total.environment);
    const months = alignMonths(total.months, portfolio.months);
    const current = months[months.length - 1] ?? 0;
    summary.monthToDate += current;
    summary.previousMonth += months[months.length - 2] ?? 0;
    summary.withheld = (summary.withheld ?? 0) + current;
  }
  return prodFirst([...summaries.values()]);
}

/** The month to date of every environment together, and prod's part of it. */
export function prodShare(summaries: readonly EnvironmentSummary[]): {
  total: number;
  prod: number;
  /** In percent; undefined without cost. */
  percent?: number;
} {
  const total = summaries.reduce((sum, s) => sum + s.monthToDate, 0);
  const prod = summaries
    .filter(s => s.tier === 'prod')
    .reduce((sum, s) => sum + s.monthToDate, 0);
  return { total, prod, percent: total > 0 ? (prod / total) * 100 : undefined };
}
