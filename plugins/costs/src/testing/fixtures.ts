import {
  ComponentCosts,
  CostRow,
  CostsClient,
  DailyCost,
  EnvironmentCosts,
  MonthAmount,
  Portfolio,
} from '@internal/plugin-costs-common';
import { minutesAgo } from '@internal/shipyard-react/testing';

// Test data shaped as the costs backend answers, for the plugin's tests.

/** The range the fixtures cover: three months, November 2026 the current one. */
export const MONTHS = ['2026-09', '2026-10', '2026-11'];

/** Amounts per month of MONTHS, oldest first; the last two still estimated. */
export function monthAmounts(amounts: number[]): MonthAmount[] {
  return amounts.map((amount, i) => ({
    month: MONTHS[MONTHS.length - amounts.length + i],
    amount,
    estimated: i >= amounts.length - 2,
  }));
}

/** checkout-api in prod: $1,000 in September, $1,200 in October, $500 so far in November. */
export function costRow(extra: Partial<CostRow> = {}): CostRow {
  const name = extra.name ?? 'checkout-api';
  const months = extra.months ?? monthAmounts([1000, 1200, 500]);
  return {
    entityRef: `component:default/${name}`,
    name,
    owner: 'group:default/team-storefront',
    system: 'system:default/storefront',
    environment: 'prod',
    tier: 'prod',
    months,
    monthToDate: months[months.length - 1].amount,
    previousMonth: months[months.length - 2]?.amount ?? 0,
    previousMonthToDate: 400,
    ...extra,
  };
}

/** The cost that carries no component tag in an environment. */
export function unattributedRow(
  environment: string,
  tier: CostRow['tier'],
  amounts: number[],
  previousMonthToDate?: number,
): CostRow {
  const months = monthAmounts(amounts);
  return {
    environment,
    tier,
    months,
    monthToDate: amounts[amounts.length - 1],
    previousMonth: amounts[amounts.length - 2] ?? 0,
    previousMonthToDate,
  };
}

export function portfolio(
  rows: CostRow[],
  extra: Partial<Portfolio> = {},
): Portfolio {
  return {
    currency: 'USD',
    months: MONTHS,
    freshness: { refreshedAt: minutesAgo(90), stale: false },
    apiSpend: { month: '2026-11', requests: 1234, usd: 12.34 },
    forecasts: [],
    rows,
    anomalies: [],
    ...extra,
  };
}

/** A day of cost split by AWS service. */
export function dailyCost(
  day: string,
  byService: Record<string, number>,
  estimated = false,
): DailyCost {
  return {
    day,
    amount: Object.values(byService).reduce((a, b) => a + b, 0),
    estimated,
    byService,
  };
}

export function environmentCosts(
  extra: Partial<EnvironmentCosts> = {},
): EnvironmentCosts {
  return {
    environment: 'prod',
    tier: 'prod',
    months: monthAmounts([1000, 1200, 500]),
    days: [
      dailyCost('2026-11-19', { 'Amazon ECS': 30, 'Amazon RDS': 15 }),
      dailyCost('2026-11-20', {
        'Amazon ECS': 31,
        'Amazon RDS': 15,
        'EC2 - Other': 4.5,
      }),
    ],
    monthToDate: 500,
    previousMonth: 1200,
    forecast: { monthEnd: 1450, low: 1300, high: 1600 },
    teamShare: 37.5,
    ...extra,
  };
}

/** checkout-api in prod, staging and dev, answered in tier order (as the backend does). */
export function componentCosts(
  extra: Partial<ComponentCosts> = {},
): ComponentCosts {
  return {
    entityRef: 'component:default/checkout-api',
    currency: 'USD',
    freshness: { refreshedAt: minutesAgo(90), stale: false },
    environments: [
      environmentCosts({
        environment: 'dev',
        tier: 'dev',
        months: monthAmounts([40, 42, 20]),
        days: [dailyCost('2026-11-20', { 'Amazon ECS': 1.25 })],
        monthToDate: 20,
        previousMonth: 42,
        forecast: undefined,
        teamShare: 5,
      }),
      environmentCosts({
        environment: 'staging',
        tier: 'staging',
        months: monthAmounts([200, 210, 90]),
        monthToDate: 90,
        previousMonth: 210,
        forecast: { monthEnd: 260, low: 240, high: 280 },
        teamShare: 20,
      }),
      environmentCosts(),
    ],
    anomalies: [],
    ...extra,
  };
}

/** Every method of the client as a jest mock; a test sets the answers it needs. */
export function mockCostsApi() {
  const api = {
    getCostPortfolio: jest.fn(),
    getComponentCosts: jest.fn(),
  };
  return {
    mocks: api,
    api: api as Partial<CostsClient> as CostsClient,
  };
}
