import { InputError } from '@backstage/errors';
import { chunk } from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import {
  CostCursor,
  CostDay,
  CostMonth,
  CostSum,
  CostsFreshness,
  CostsRefresh,
  CostsStore,
  DailyCostRow,
  MonthlyCostTotal,
  StoredAnomaly,
  StoredForecast,
} from './CostsStore';
import { addDays, addMonths, dayStart, firstDayOf, monthOf } from './costDays';

/**
 * Rows per multi-row insert: knex writes one on SQLite as a compound SELECT,
 * which SQLite limits to 500 terms; 400 rows of 7 columns also stay far
 * below both databases' bound-parameter limits.
 */
const ROWS_PER_STATEMENT = 400;
/** Component tag values per `IN (...)`. */
const VALUES_PER_STATEMENT = 500;
/** Refreshes kept: months of history at three a day, for freshness only. */
const REFRESHES_KEPT = 500;

type DailyRow = {
  environment: string;
  day: string;
  component: string;
  aws_service: string;
  amount: number | string;
  currency: string;
  estimated: boolean | number;
};

type MonthlyRow = {
  environment: string;
  month: string;
  component: string;
  currency: string;
  amount: number | string;
  estimated: boolean | number;
};

type CursorRow = {
  environment: string;
  collected_until: string | null;
  open_period_read_on: string | null;
  refreshed_at: string | number | null;
};

type ForecastRow = {
  environment: string;
  month: string;
  from_day: string;
  to_day: string;
  mean: number | string;
  low: number | string;
  high: number | string;
  currency: string;
  computed_at: string | number;
};

type AnomalyRow = {
  id: string;
  environment: string;
  start_day: string;
  end_day: string | null;
  impact: number | string;
  currency: string;
  component: string | null;
  aws_service: string | null;
  account_id: string | null;
  region: string | null;
  usage_type: string | null;
};

type RefreshRow = {
  id: string | number;
  started_at: string | number;
  finished_at: string | number | null;
  succeeded: boolean | number | null;
};

function optional<K extends string, V>(
  key: K,
  value: V | null | undefined,
): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as {
    [P in K]?: V;
  };
}

function toAnomaly(row: AnomalyRow): StoredAnomaly {
  return {
    id: row.id,
    environment: row.environment,
    start: row.start_day,
    ...optional('end', row.end_day),
    impact: Number(row.impact),
    currency: row.currency,
    ...optional('component', row.component),
    ...optional('awsService', row.aws_service),
    ...optional('accountId', row.account_id),
    ...optional('region', row.region),
    ...optional('usageType', row.usage_type),
  };
}

/**
 * Runs `read` once with no component filter, or once per slice of the
 * component tag values (results concatenated, each slice's sorted), so that
 * a portfolio of thousands of services stays within bound-parameter limits.
 */
async function perComponentSlice<T>(
  components: string[] | undefined,
  read: (slice: string[] | undefined) => Promise<T[]>,
): Promise<T[]> {
  if (!components) {
    return read(undefined);
  }
  const results: T[] = [];
  for (const slice of chunk(components, VALUES_PER_STATEMENT)) {
    results.push(...(await read(slice)));
  }
  return results;
}

/** The knex implementation of {@link CostsStore}, on SQLite and PostgreSQL. */
export class DefaultCostsStore implements CostsStore {
  static create(options: { knex: Knex }): DefaultCostsStore {
    return new DefaultCostsStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  async readMonthlyTotals(options: {
    fromMonth: CostMonth;
    toMonth: CostMonth;
    environments?: string[];
    components?: string[];
  }): Promise<MonthlyCostTotal[]> {
    const rows = await perComponentSlice(options.components, slice => {
      const query = this.knex<MonthlyRow>('monthly_costs')
        .where('month', '>=', options.fromMonth)
        .where('month', '<=', options.toMonth);
      if (options.environments) {
        query.whereIn('environment', options.environments);
      }
      if (slice) {
        query.whereIn('component', slice);
      }
      return query.select();
    });
    return rows
      .map(row => ({
        environment: row.environment,
        month: row.month,
        component: row.component,
        currency: row.currency,
        amount: Number(row.amount),
        estimated: Boolean(row.estimated),
      }))
      .sort(
        (a, b) =>
          compare(a.environment, b.environment) ||
          compare(a.component, b.component) ||
          compare(a.month, b.month) ||
          compare(a.currency, b.currency),
      );
  }

  async sumDays(options: {
    from: CostDay;
    to: CostDay;
    environments?: string[];
    components?: string[];
  }): Promise<CostSum[]> {
    const rows = await perComponentSlice(options.components, slice => {
      const query = this.knex('daily_costs')
        .where('day', '>=', options.from)
        .where('day', '<', options.to);
      if (options.environments) {
        query.whereIn('environment', options.environments);
      }
      if (slice) {
        query.whereIn('component', slice);
      }
      return query
        .select('environment', 'component', 'currency')
        .sum({ amount: 'amount' })
        .groupBy('environment', 'component', 'currency') as Promise<
        Array<{
          environment: string;
          component: string;
          currency: string;
          amount: number | string;
        }>
      >;
    });
    return rows
      .map(row => ({
        environment: row.environment,
        component: row.component,
        currency: row.currency,
        amount: Number(row.amount),
      }))
      .sort(
        (a, b) =>
          compare(a.environment, b.environment) ||
          compare(a.component, b.component) ||
          compare(a.currency, b.currency),
      );
  }

  async readDays(options: {
    from: CostDay;
    to: CostDay;
    environments?: string[];
    components?: string[];
  }): Promise<DailyCostRow[]> {
    const rows = await perComponentSlice(options.components, slice => {
      const query = this.knex<DailyRow>('daily_costs')
        .where('day', '>=', options.from)
        .where('day', '<', options.to);
      if (options.environments) {
        query.whereIn('environment', options.environments);
      }
      if (slice) {
        query.whereIn('component', slice);
      }
      return query.select();
    });
    return rows
      .map(row => ({
        environment: row.environment,
        day: row.day,
        component: row.component,
        awsService: row.aws_service,
        amount: Number(row.amount),
        currency: row.currency,
        estimated: Boolean(row.estimated),
      }))
      .sort(
        (a, b) =>
          compare(a.environment, b.environment) ||
          compare(a.day, b.day) ||
          compare(a.component, b.component) ||
          compare(a.awsService, b.awsService),
      );
  }

  async readForecasts(): Promise<StoredForecast[]> {
    const rows = await this.knex<ForecastRow>('forecasts')
      .select()
      .orderBy('environment');
    return rows.map(row => ({
      environment: row.environment,
      month: row.month,
      from: row.from_day,
      to: row.to_day,
      mean: Number(row.mean),
      low: Number(row.low),
      high: Number(row.high),
      currency: row.currency,
      computedAt: new Date(Number(row.computed_at)),
    }));
  }

  async listAnomalies(options: {
    from: CostDay;
    to: CostDay;
  }): Promise<StoredAnomaly[]> {
    const rows = await this.knex<AnomalyRow>('anomalies')
      .where('start_day', '<', options.to)
      .where(q => q.whereNull('end_day').orWhere('end_day', '>=', options.from))
      .orderBy([
        { column: 'start_day', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toAnomaly);
  }

  async readApiRequests(month: CostMonth): Promise<number> {
    const row = await this.knex('api_requests').where({ month }).first();
    return row ? Number(row.requests) : 0;
  }

  async readFreshness(): Promise<CostsFreshness> {
    const stored = await this.knex<CursorRow>('cursors')
      .max({ at: 'refreshed_at' })
      .first();
    const succeeded = await this.knex<RefreshRow>('refreshes')
      .where('succeeded', true)
      .max({ at: 'finished_at' })
      .first();
    const at = (value: unknown) =>
      value === null || value === undefined
        ? undefined
        : new Date(Number(value));
    return {
      ...optional('refreshedAt', at(stored?.at)),
      ...optional('lastSucceededAt', at(succeeded?.at)),
    };
  }

  async readCursors(): Promise<Map<string, CostCursor>> {
    const rows = await this.knex<CursorRow>('cursors').select();
    return new Map(
      rows.map(row => [
        row.environment,
        {
          environment: row.environment,
          ...optional('collectedUntil', row.collected_until),
          ...optional('openPeriodReadOn', row.open_period_read_on),
          ...optional(
            'refreshedAt',
            row.refreshed_at === null
              ? undefined
              : new Date(Number(row.refreshed_at)),
          ),
        },
      ]),
    );
  }

  async writeDays(options: {
    environment: string;
    from: CostDay;
    to: CostDay;
    rows: DailyCostRow[];
    collectedUntil?: CostDay;
    openPeriodReadOn?: CostDay;
    now: Date;
  }): Promise<void> {
    const { environment, from, to } = options;
    if (dayStart(from) >= dayStart(to)) {
      throw new InputError(`Empty range of days [${from}, ${to})`);
    }
    if (options.collectedUntil !== undefined) {
      dayStart(options.collectedUntil);
    }
    if (options.openPeriodReadOn !== undefined) {
      dayStart(options.openPeriodReadOn);
    }
    for (const row of options.rows) {
      if (row.environment !== environment || row.day < from || row.day >= to) {
        throw new InputError(
          `A cost row of ${row.environment} on ${row.day} is outside ${environment} [${from}, ${to})`,
        );
      }
    }
    // The whole months the range touches are summed again from their days.
    const monthsFrom = firstDayOf(monthOf(from));
    const monthsTo = firstDayOf(addMonths(monthOf(addDays(to, -1)), 1));

    await this.knex.transaction(async tx => {
      await tx('daily_costs')
        .where('environment', environment)
        .where('day', '>=', from)
        .where('day', '<', to)
        .delete();
      for (const slice of chunk(options.rows, ROWS_PER_STATEMENT)) {
        await tx('daily_costs').insert(
          slice.map(row => ({
            environment,
            day: row.day,
            component: row.component,
            aws_service: row.awsService,
            amount: row.amount,
            currency: row.currency,
            estimated: row.estimated,
          })),
        );
      }
      await tx('monthly_costs')
        .where('environment', environment)
        .where('month', '>=', monthOf(monthsFrom))
        .where('month', '<', monthOf(monthsTo))
        .delete();
      await tx.raw(
        `insert into monthly_costs (environment, month, component, currency, amount, estimated)
         select environment, substr(day, 1, 7), component, currency, sum(amount),
                max(case when estimated then 1 else 0 end) = 1
         from daily_costs
         where environment = ? and day >= ? and day < ?
         group by environment, substr(day, 1, 7), component, currency`,
        [environment, monthsFrom, monthsTo],
      );
      await tx('cursors')
        .insert({
          environment,
          collected_until: options.collectedUntil ?? null,
          open_period_read_on: options.openPeriodReadOn ?? null,
          refreshed_at: options.now.getTime(),
        })
        .onConflict('environment')
        .merge([
          'refreshed_at',
          ...(options.collectedUntil === undefined ? [] : ['collected_until']),
          ...(options.openPeriodReadOn === undefined
            ? []
            : ['open_period_read_on']),
        ]);
    });
  }

  async setCursor(environment: string, collectedUntil: CostDay): Promise<void> {
    dayStart(collectedUntil);
    await this.knex('cursors')
      .insert({
        environment,
        collected_until: collectedUntil,
        refreshed_at: null,
      })
      .onConflict('environment')
      .merge(['collected_until']);
  }

  async writeForecast(forecast: StoredForecast): Promise<void> {
    await this.knex('forecasts')
      .insert({
        environment: forecast.environment,
        month: forecast.month,
        from_day: forecast.from,
        to_day: forecast.to,
        mean: forecast.mean,
        low: forecast.low,
        high: forecast.high,
        currency: forecast.currency,
        computed_at: forecast.computedAt.getTime(),
      })
      .onConflict('environment')
      .merge();
  }

  async writeAnomalies(anomalies: StoredAnomaly[]): Promise<void> {
    if (!anomalies.length) {
      return;
    }
    await this.knex.transaction(async tx => {
      for (const slice of chunk(anomalies, 40)) {
        await tx('anomalies')
          .insert(
            slice.map(a => ({
              id: a.id,
              environment: a.environment,
              start_day: a.start,
              end_day: a.end ?? null,
              impact: a.impact,
              currency: a.currency,
              component: a.component ?? null,
              aws_service: a.awsService ?? null,
              account_id: a.accountId ?? null,
              region: a.region ?? null,
              usage_type: a.usageType ?? null,
            })),
          )
          .onConflict('id')
          .merge();
      }
    });
  }

  async addApiRequests(month: CostMonth, requests: number): Promise<void> {
    if (!Number.isInteger(requests) || requests < 0) {
      throw new InputError(`Not a request count: ${requests}`);
    }
    if (requests === 0) {
      return;
    }
    // One statement: concurrent replicas' additions both count.
    await this.knex('api_requests')
      .insert({ month, requests })
      .onConflict('month')
      .merge({
        requests: this.knex.raw('?? + ?', ['api_requests.requests', requests]),
      });
  }

  async claimRefresh(options: {
    now: Date;
    minIntervalMs: number;
  }): Promise<CostsRefresh | undefined> {
    const now = options.now.getTime();
    return this.knex.transaction(async tx => {
      const recent = await tx<RefreshRow>('refreshes')
        .where('started_at', '>', now - options.minIntervalMs)
        .first();
      if (recent) {
        return undefined;
      }
      const [inserted] = await tx('refreshes')
        .insert({ started_at: now, finished_at: null, succeeded: null })
        .returning('id');
      const id = String(typeof inserted === 'object' ? inserted.id : inserted);
      // Bounded history: the newest rows are all that rationing and
      // freshness read.
      const kept = tx('refreshes')
        .select('id')
        .orderBy('started_at', 'desc')
        .limit(REFRESHES_KEPT);
      await tx('refreshes').whereNotIn('id', kept).delete();
      return { id, startedAt: options.now };
    });
  }

  async finishRefresh(
    id: string,
    outcome: { finishedAt: Date; succeeded: boolean },
  ): Promise<void> {
    await this.knex('refreshes').where({ id }).update({
      finished_at: outcome.finishedAt.getTime(),
      succeeded: outcome.succeeded,
    });
  }

  async pruneBefore(day: CostDay): Promise<void> {
    dayStart(day);
    if (!day.endsWith('-01')) {
      // A month's total is the sum of all its days: prune whole months.
      throw new InputError(`Costs are pruned by whole months, not from ${day}`);
    }
    await this.knex.transaction(async tx => {
      await tx('daily_costs').where('day', '<', day).delete();
      await tx('monthly_costs').where('month', '<', monthOf(day)).delete();
      await tx('anomalies').where('end_day', '<', day).delete();
    });
  }
}

function compare(a: string, b: string): number {
  if (a < b) {
    return -1;
  }
  return a > b ? 1 : 0;
}
