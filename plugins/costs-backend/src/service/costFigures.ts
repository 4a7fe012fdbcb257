import { Forecast, MonthAmount } from '@internal/plugin-costs-common';
import { CostDay, CostMonth, DailyCostRow } from '../database/CostsStore';

/** One month of one series, as the store's monthly totals give it. */
export interface MonthTotal {
  month: CostMonth;
  amount: number;
  estimated: boolean;
}

/**
 * One amount per month of `months`, oldest first: months without cost are 0.
 * A month is estimated when any of its days is, and always while it is open
 * (`openMonth` and later): Cost Explorer revises it until it is final.
 */
export function monthAmounts(
  totals: readonly MonthTotal[],
  months: readonly CostMonth[],
  openMonth: CostMonth,
): MonthAmount[] {
  const byMonth = new Map<CostMonth, { amount: number; estimated: boolean }>();
  for (const total of totals) {
    const entry = byMonth.get(total.month) ?? { amount: 0, estimated: false };
    entry.amount += total.amount;
    entry.estimated ||= total.estimated;
    byMonth.set(total.month, entry);
  }
  return months.map(month => ({
    month,
    amount: byMonth.get(month)?.amount ?? 0,
    estimated: (byMonth.get(month)?.estimated ?? false) || month >= openMonth,
  }));
}

/** Sums several series' months, month by month (`a` and `b` over the same months). */
export function addMonthAmounts(
  a: readonly MonthAmount[],
  b: readonly MonthAmount[],
): MonthAmount[] {
  return a.map((m, i) => ({
    month: m.month,
    amount: m.amount + b[i].amount,
    estimated: m.estimated || b[i].estimated,
  }));
}

/**
 * The expected month total: what is stored for the month's days before the
 * forecast's first day, plus Cost Explorer's forecast of the rest (its mean
 * and bounds). Today's partial cost is not added: the forecast covers today.
 */
export function mergeForecast(
  actualBeforeForecast: number,
  forecast: { mean: number; low: number; high: number },
): Forecast {
  return {
    monthEnd: actualBeforeForecast + forecast.mean,
    low: actualBeforeForecast + forecast.low,
    high: actualBeforeForecast + forecast.high,
  };
}

/**
 * A service's part of its environment's forecast: its own actual cost before
 * the forecast, plus the environment's forecast of the rest in proportion to
 * the service's share of the environment's recent cost. Cost Explorer is
 * asked per environment only (a request per service would cost per service);
 * undefined when the environment had no recent cost to share out.
 */
export function apportionForecast(options: {
  actualBeforeForecast: number;
  recentAmount: number;
  environmentRecentAmount: number;
  environmentForecast: { mean: number; low: number; high: number };
}): Forecast | undefined {
  const { recentAmount, environmentRecentAmount, environmentForecast } =
    options;
  if (!(environmentRecentAmount > 0)) {
    return undefined;
  }
  const share = recentAmount / environmentRecentAmount;
  return mergeForecast(options.actualBeforeForecast, {
    mean: environmentForecast.mean * share,
    low: environmentForecast.low * share,
    high: environmentForecast.high * share,
  });
}

/** A service's share of its team's cost, in percent; undefined when the team's is 0. */
export function teamShare(
  amount: number,
  teamAmount: number,
): number | undefined {
  return teamAmount > 0 ? (100 * amount) / teamAmount : undefined;
}

/**
 * Per environment, the months of the rows a caller may not read, added up:
 * the portfolio's `withheld` when others' services are shown as a total.
 * Environments in the order they first appear.
 */
export function withheldTotals(
  rows: ReadonlyArray<{ environment: string; months: MonthAmount[] }>,
): Array<{ environment: string; months: MonthAmount[] }> {
  const byEnvironment = new Map<string, MonthAmount[]>();
  for (const row of rows) {
    const sum = byEnvironment.get(row.environment);
    byEnvironment.set(
      row.environment,
      sum ? addMonthAmounts(sum, row.months) : row.months.map(m => ({ ...m })),
    );
  }
  return [...byEnvironment].map(([environment, months]) => ({
    environment,
    months,
  }));
}

/** One day of one series: its total, its amount per AWS service line. */
export interface DayCost {
  day: CostDay;
  amount: number;
  estimated: boolean;
  byService: Record<string, number>;
}

/**
 * Daily rows (of one environment, any component tag values) as one entry
 * per day, oldest first: the total, the amount per AWS service, estimated
 * when any row is.
 */
export function dailyCosts(rows: readonly DailyCostRow[]): DayCost[] {
  const byDay = new Map<CostDay, DayCost>();
  for (const row of rows) {
    let day = byDay.get(row.day);
    if (!day) {
      day = { day: row.day, amount: 0, estimated: false, byService: {} };
      byDay.set(row.day, day);
    }
    day.amount += row.amount;
    day.estimated ||= row.estimated;
    day.byService[row.awsService] =
      (day.byService[row.awsService] ?? 0) + row.amount;
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
}

/** Groups items by a key, keeping their order within each group. */
export function groupBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}
