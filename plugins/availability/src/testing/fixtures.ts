import {
  AvailabilityClient,
  ComponentAvailability,
  EnvironmentAvailability,
  Period,
  PeriodFigures,
  Portfolio,
  PortfolioRow,
} from '@internal/plugin-availability-common';
import { minutesAgo } from '@internal/shipyard-react/testing';

// Test data shaped as the availability backend answers, for the plugin's tests.

const DAY_MINUTES = 24 * 60;

export function range(period: Period = '30d') {
  const days = { '7d': 7, '30d': 30, '90d': 90, month: 20, quarter: 50 }[
    period
  ];
  return { period, start: minutesAgo(days * DAY_MINUTES), end: minutesAgo(0) };
}

/** A prod row of a request-based service at 99.95 % against 99.9 %. */
export function portfolioRow(extra: Partial<PortfolioRow> = {}): PortfolioRow {
  const name = extra.name ?? 'checkout-api';
  return {
    entityRef: `component:default/${name}`,
    name,
    owner: 'group:default/team-storefront',
    system: 'system:default/storefront',
    environment: 'prod',
    tier: 'prod',
    sli: { kind: 'requests', description: `ALB target group ${name}-prod` },
    objective: { target: 99.9, window: '30d', source: 'tier' },
    availability: 99.9512345,
    totals: {
      good: 999_512.345,
      total: 1_000_000,
      minutes: 30 * DAY_MINUTES,
      noDataMinutes: 0,
    },
    budget: {
      unit: 'requests',
      total: 1000,
      consumed: 487.655,
      remaining: 512.345,
      remainingPercent: 51.2345,
    },
    alert: { fast: false, slow: false },
    state: 'healthy',
    sparkline: [99.99, 99.9, null, 99.95],
    ...extra,
  };
}

export function portfolio(
  rows: PortfolioRow[],
  extra: Partial<Portfolio> = {},
): Portfolio {
  return {
    range: range('30d'),
    freshness: { collectedAt: minutesAgo(3), stale: false },
    rows,
    ...extra,
  };
}

function figures(
  period: Period,
  availability: number | null,
  remainingPercent?: number,
): PeriodFigures {
  return {
    range: range(period),
    totals: { good: 0, total: 0, minutes: 0, noDataMinutes: 0 },
    availability,
    budget:
      remainingPercent === undefined
        ? undefined
        : {
            unit: 'requests',
            total: 1000,
            consumed: 1000 - remainingPercent * 10,
            remaining: remainingPercent * 10,
            remainingPercent,
          },
  };
}

/** prod: breaching after an incident ten days ago, with a fast burn now. */
export function environmentAvailability(
  extra: Partial<EnvironmentAvailability> = {},
): EnvironmentAvailability {
  return {
    environment: 'prod',
    tier: 'prod',
    sli: {
      kind: 'requests',
      description: 'ALB target group checkout-api-prod',
    },
    objective: { target: 99.9, window: '30d', source: 'tier' },
    state: 'breaching',
    since: minutesAgo(120 * DAY_MINUTES),
    periods: [
      figures('7d', 99.98, 80),
      figures('30d', 99.8123, -88.5),
      figures('90d', 99.93, 30),
      figures('month', 99.85, -50),
      figures('quarter', 99.91, 10),
    ],
    burnRates: [
      { window: '5m', rate: 20.5 },
      { window: '30m', rate: 8 },
      { window: '1h', rate: 15.2 },
      { window: '2h', rate: 4 },
      { window: '6h', rate: 2 },
      { window: '24h', rate: 0.7 },
      { window: '3d', rate: null },
    ],
    alert: { fast: true, slow: false },
    chart: [
      {
        t: minutesAgo(2 * DAY_MINUTES),
        availability: 99.99,
        budgetRemainingPercent: 10,
      },
      {
        t: minutesAgo(DAY_MINUTES),
        availability: 97.5,
        budgetRemainingPercent: -88.5,
      },
    ],
    incidents: [
      {
        start: minutesAgo(90),
        durationMinutes: 90,
        availability: 96.5,
        budgetSpent: 350,
        budgetSpentPercent: 35,
      },
      {
        start: minutesAgo(10 * DAY_MINUTES),
        end: minutesAgo(10 * DAY_MINUTES - 42),
        durationMinutes: 42,
        availability: 91.25,
        budgetSpent: 1234,
        budgetSpentPercent: 123.4,
      },
    ],
    ...extra,
  };
}

/** checkout-api in dev (no target), staging and prod, answered in tier order. */
export function componentAvailability(
  extra: Partial<ComponentAvailability> = {},
): ComponentAvailability {
  return {
    entityRef: 'component:default/checkout-api',
    range: range('30d'),
    freshness: { collectedAt: minutesAgo(3), stale: false },
    environments: [
      environmentAvailability({
        environment: 'dev',
        tier: 'dev',
        objective: undefined,
        state: 'no-target',
        alert: { fast: false, slow: false },
        incidents: [],
        burnRates: [],
      }),
      environmentAvailability({
        environment: 'staging',
        tier: 'staging',
        objective: { target: 99, source: 'tier' },
        state: 'healthy',
        alert: { fast: false, slow: false },
        incidents: [],
      }),
      environmentAvailability(),
    ],
    ...extra,
  };
}

/** Every method of the client as a jest mock; a test sets the answers it needs. */
export function mockAvailabilityApi() {
  const api = {
    getPortfolio: jest.fn(),
    getComponentAvailability: jest.fn(),
  };
  return {
    mocks: api,
    api: api as Partial<AvailabilityClient> as AvailabilityClient,
  };
}
