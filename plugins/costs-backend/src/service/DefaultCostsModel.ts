import { ShipyardEnvironment, sortByTier } from '@internal/plugin-aws-common';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';
import {
  Anomaly,
  ComponentCosts,
  CostRow,
  EnvironmentCosts,
  Forecast,
  Freshness,
  Portfolio,
} from '@internal/plugin-costs-common';
import {
  CostDay,
  CostsStore,
  MonthlyCostTotal,
  StoredAnomaly,
  StoredForecast,
} from '../database/CostsStore';
import { CostComponent, CostComponentDirectory } from './CostComponents';
import {
  apportionForecast,
  dailyCosts,
  groupBy,
  mergeForecast,
  monthAmounts,
  teamShare,
} from './costFigures';
import { StoredCostsModel } from './CostsModel';
import { addDays, firstDayOf } from '../database/costDays';
import { viewPeriods } from './viewPeriods';

/** Cost Explorer bills $0.01 per request (each page). */
const USD_PER_REQUEST = 0.01;
/** The days of a component's daily chart. */
const DAILY_DAYS = 90;
/** The recent days whose cost shares an environment's forecast among its services. */
const FORECAST_SHARE_DAYS = 30;
/** When there is no data yet: Cost Explorer's usual unit. */
const DEFAULT_CURRENCY = 'USD';

interface Options {
  store: CostsStore;
  environments: ShipyardEnvironments;
  components: { directory(): Promise<CostComponentDirectory> };
  /** The collector's interval: no successful refresh within two of them is stale. */
  refreshIntervalMs: number;
}

/**
 * Reads what the costs collector stored, for every service and with no
 * caller's credentials: who may see which is decided by AuthorizedCostsModel
 * around it. Never calls AWS.
 *
 * Costs are stored by component tag value; a value that no catalog
 * component holds is counted with the unattributed cost of its environment
 * (no service answers for it), so that environment totals always add up.
 */
export class DefaultCostsModel implements StoredCostsModel {
  static create(options: Options): DefaultCostsModel {
    return new DefaultCostsModel(options);
  }

  /** Per environment, its recent amount for its latest forecast. */
  private readonly recentAmounts = new Map<
    string,
    { key: string; amount: Promise<number> }
  >();

  private constructor(private readonly options: Options) {}

  async getPortfolio(request: { months: number }): Promise<Portfolio> {
    const { store, components } = this.options;
    // Today's costs cover the day up to the last refresh.
    const { refreshedAt } = await this.options.store.readFreshness();
    const periods = viewPeriods(
      Date.now(),
      request.months,
      refreshedAt?.getTime(),
    );
    const environments = this.configuredEnvironments();
    const names = [...environments.keys()];
    const matching = periods.previousMatchingDay;
    const [
      totals,
      previousToDate,
      previousMatching,
      forecasts,
      anomalies,
      requests,
      freshness,
      directory,
    ] = await Promise.all([
      store.readMonthlyTotals({
        fromMonth: periods.firstMonth,
        toMonth: periods.month,
        environments: names,
      }),
      store.sumDays({ ...periods.previousMonthToDate, environments: names }),
      matching
        ? store.sumDays({
            from: matching.day,
            to: addDays(matching.day, 1),
            environments: names,
          })
        : Promise.resolve([]),
      store.readForecasts(),
      store.listAnomalies({
        from: firstDayOf(periods.months[0]),
        to: periods.tomorrow,
      }),
      store.readApiRequests(periods.month),
      this.freshness(),
      components.directory(),
    ]);
    const currency = currencyOf(totals);
    const componentOf = (tagValue: string) =>
      tagValue ? directory.byTagValue.get(tagValue) : undefined;
    const keyOf = (item: { environment: string; component: string }) =>
      `${item.environment}\n${componentOf(item.component)?.entityRef ?? ''}`;

    const previousByKey = new Map<string, number>();
    const addPrevious = (sums: typeof previousToDate, weight: number) => {
      for (const sum of sums) {
        if (sum.currency === currency) {
          const key = keyOf(sum);
          previousByKey.set(
            key,
            (previousByKey.get(key) ?? 0) + sum.amount * weight,
          );
        }
      }
    };
    addPrevious(previousToDate, 1);
    addPrevious(previousMatching, matching?.share ?? 0);

    const rows: CostRow[] = [];
    const groups = groupBy(
      totals.filter(t => t.currency === currency),
      keyOf,
    );
    for (const [key, group] of groups) {
      const environment = environments.get(group[0].environment)!;
      const component = componentOf(group[0].component);
      rows.push({
        ...(component ? catalogFields(component) : {}),
        environment: environment.name,
        tier: environment.tier,
        months: monthAmounts(group, periods.months, periods.month),
        monthToDate: sumOf(group.filter(t => t.month === periods.month)),
        previousMonth: sumOf(
          group.filter(t => t.month === periods.previousMonth),
        ),
        previousMonthToDate: previousByKey.get(key) ?? 0,
      });
    }
    rows.sort(
      (a, b) =>
        b.monthToDate - a.monthToDate ||
        (a.name ?? '').localeCompare(b.name ?? '') ||
        a.environment.localeCompare(b.environment),
    );

    return {
      currency,
      months: periods.months,
      freshness,
      apiSpend: {
        month: periods.month,
        requests,
        // In cents first: 3 × 0.01 is not 0.03 in floating point.
        usd: Math.round(requests * USD_PER_REQUEST * 100) / 100,
      },
      forecasts: await this.environmentForecasts(
        forecasts.filter(
          f =>
            f.month === periods.month &&
            f.currency === currency &&
            environments.has(f.environment),
        ),
      ),
      rows,
      anomalies: anomalies
        .filter(a => environments.has(a.environment))
        .map(a =>
          toAnomaly(a, a.component ? componentOf(a.component) : undefined),
        ),
    };
  }

  async getComponentCosts(request: {
    entityRef: string;
    months: number;
  }): Promise<ComponentCosts> {
    const { store, components } = this.options;
    const { entityRef } = request;
    const [directory, freshness] = await Promise.all([
      components.directory(),
      this.freshness(),
    ]);
    const component = directory.byRef.get(entityRef);
    if (!component) {
      // Not a component Shipyard links to AWS: nothing is billed to it.
      return {
        entityRef,
        currency: DEFAULT_CURRENCY,
        freshness,
        environments: [],
        anomalies: [],
      };
    }

    const periods = viewPeriods(Date.now(), request.months);
    const environments = this.configuredEnvironments();
    const firstDay = addDays(periods.today, 1 - DAILY_DAYS);
    const team = component.owner
      ? [...directory.byRef.values()].filter(c => c.owner === component.owner)
      : [component];
    const [totals, days, teamTotals, forecasts, anomalies] = await Promise.all([
      store.readMonthlyTotals({
        fromMonth: periods.firstMonth,
        toMonth: periods.month,
        components: [component.tagValue],
      }),
      // Back far enough for the forecast's share too.
      store.readDays({
        from: min(firstDay, addDays(periods.today, -FORECAST_SHARE_DAYS)),
        to: periods.tomorrow,
        components: [component.tagValue],
      }),
      store.readMonthlyTotals({
        fromMonth: periods.month,
        toMonth: periods.month,
        components: team.map(c => c.tagValue),
      }),
      store.readForecasts(),
      store.listAnomalies({
        from: firstDayOf(periods.months[0]),
        to: periods.tomorrow,
      }),
    ]);
    const currency = currencyOf(totals);
    const forecastOf = new Map(
      forecasts
        .filter(f => f.month === periods.month && f.currency === currency)
        .map(f => [f.environment, f]),
    );
    const totalsByEnvironment = groupBy(
      totals.filter(t => t.currency === currency),
      t => t.environment,
    );
    const daysByEnvironment = groupBy(
      days.filter(d => d.currency === currency),
      d => d.environment,
    );
    const shown = sortByTier([...environments.values()]).filter(
      e => totalsByEnvironment.has(e.name) || daysByEnvironment.has(e.name),
    );

    const items: EnvironmentCosts[] = [];
    for (const environment of shown) {
      const envTotals = totalsByEnvironment.get(environment.name) ?? [];
      const envDays = daysByEnvironment.get(environment.name) ?? [];
      const monthToDate = sumOf(
        envTotals.filter(t => t.month === periods.month),
      );
      const teamMonthToDate = sumOf(
        teamTotals.filter(
          t =>
            t.environment === environment.name &&
            t.currency === currency &&
            t.month === periods.month,
        ),
      );
      const forecast = await this.componentForecast(
        forecastOf.get(environment.name),
        envDays,
      );
      const share = component.owner
        ? teamShare(monthToDate, teamMonthToDate)
        : undefined;
      items.push({
        environment: environment.name,
        tier: environment.tier,
        months: monthAmounts(envTotals, periods.months, periods.month),
        days: dailyCosts(envDays.filter(d => d.day >= firstDay)),
        monthToDate,
        previousMonth: sumOf(
          envTotals.filter(t => t.month === periods.previousMonth),
        ),
        ...(forecast ? { forecast } : {}),
        ...(share !== undefined ? { teamShare: share } : {}),
      });
    }

    return {
      entityRef,
      currency,
      freshness,
      environments: items,
      anomalies: anomalies
        .filter(
          a =>
            a.component === component.tagValue &&
            environments.has(a.environment),
        )
        .map(a => toAnomaly(a, component)),
    };
  }

  private configuredEnvironments(): Map<string, ShipyardEnvironment> {
    return new Map(this.options.environments.list().map(e => [e.name, e]));
  }

  /** Each environment's forecast, added to its stored days before it. */
  private async environmentForecasts(
    forecasts: StoredForecast[],
  ): Promise<Array<{ environment: string; forecast: Forecast }>> {
    const result = [];
    // Forecasts read in one refresh share their first day: one sum each.
    for (const [from, group] of groupBy(forecasts, f => f.from)) {
      const sums = await this.options.store.sumDays({
        from: firstDayOf(from.slice(0, 7)),
        to: from,
        environments: group.map(f => f.environment),
      });
      for (const f of group) {
        const actual = sumOf(
          sums.filter(
            s => s.environment === f.environment && s.currency === f.currency,
          ),
        );
        result.push({
          environment: f.environment,
          forecast: mergeForecast(actual, f),
        });
      }
    }
    return result;
  }

  /** The component's part of its environment's forecast (apportionForecast). */
  private async componentForecast(
    forecast: StoredForecast | undefined,
    days: Array<{ day: CostDay; amount: number }>,
  ): Promise<Forecast | undefined> {
    if (!forecast) {
      return undefined;
    }
    const recentFrom = addDays(forecast.from, -FORECAST_SHARE_DAYS);
    return apportionForecast({
      actualBeforeForecast: sumOf(
        days.filter(
          d => d.day >= firstDayOf(forecast.month) && d.day < forecast.from,
        ),
      ),
      recentAmount: sumOf(
        days.filter(d => d.day >= recentFrom && d.day < forecast.from),
      ),
      environmentRecentAmount: await this.environmentRecentAmount(forecast),
      environmentForecast: forecast,
    });
  }

  /**
   * The environment's cost in the days before its forecast that share the
   * forecast among its services: every service's days (134,000 rows at 1,000
   * services), the same for every component view until the next refresh
   * writes a new forecast, so it is read once per forecast.
   */
  private environmentRecentAmount(forecast: StoredForecast): Promise<number> {
    const key = `${forecast.from}\n${forecast.computedAt.toISOString()}`;
    const known = this.recentAmounts.get(forecast.environment);
    if (known?.key === key) {
      return known.amount;
    }
    const amount = this.options.store
      .sumDays({
        from: addDays(forecast.from, -FORECAST_SHARE_DAYS),
        to: forecast.from,
        environments: [forecast.environment],
      })
      .then(sums => sumOf(sums.filter(s => s.currency === forecast.currency)));
    const entry = { key, amount };
    this.recentAmounts.set(forecast.environment, entry);
    // A failed read is not kept: the next view reads again.
    amount.catch(() => {
      if (this.recentAmounts.get(forecast.environment) === entry) {
        this.recentAmounts.delete(forecast.environment);
      }
    });
    return amount;
  }

  private async freshness(): Promise<Freshness> {
    const { refreshedAt, lastSucceededAt } =
      await this.options.store.readFreshness();
    const stale =
      !lastSucceededAt ||
      Date.now() - lastSucceededAt.getTime() >
        2 * this.options.refreshIntervalMs;
    return {
      ...(refreshedAt ? { refreshedAt: refreshedAt.toISOString() } : {}),
      stale,
    };
  }
}

function catalogFields(component: CostComponent) {
  return {
    entityRef: component.entityRef,
    name: component.name,
    ...(component.title ? { title: component.title } : {}),
    ...(component.owner ? { owner: component.owner } : {}),
    ...(component.system ? { system: component.system } : {}),
  };
}

function toAnomaly(
  anomaly: StoredAnomaly,
  component: CostComponent | undefined,
): Anomaly {
  return {
    id: anomaly.id,
    start: anomaly.start,
    ...(anomaly.end ? { end: anomaly.end } : {}),
    impact: anomaly.impact,
    environment: anomaly.environment,
    ...(component ? { entityRef: component.entityRef } : {}),
    ...(anomaly.awsService ? { awsService: anomaly.awsService } : {}),
  };
}

function sumOf(items: ReadonlyArray<{ amount: number }>): number {
  return items.reduce((sum, item) => sum + item.amount, 0);
}

function min(a: CostDay, b: CostDay): CostDay {
  return a < b ? a : b;
}

/**
 * The data's currency: Cost Explorer answers in the payer's one currency, so
 * amounts in any other (a payer changed) are left out rather than added up.
 */
function currencyOf(totals: readonly MonthlyCostTotal[]): string {
  const amounts = new Map<string, number>();
  for (const t of totals) {
    amounts.set(
      t.currency,
      (amounts.get(t.currency) ?? 0) + Math.abs(t.amount),
    );
  }
  let best: string | undefined;
  for (const [currency, amount] of amounts) {
    if (best === undefined || amount > amounts.get(best)!) {
      best = currency;
    }
  }
  return best ?? DEFAULT_CURRENCY;
}
