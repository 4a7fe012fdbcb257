/**
 * A UTC day as `YYYY-MM-DD`, as Cost Explorer writes it. Days compare in
 * order as strings.
 */
export type CostDay = string;

/** A UTC month as `YYYY-MM`. */
export type CostMonth = string;

/**
 * One stored cost: an environment's unblended cost on one day for one
 * component tag value and AWS service line, as GetCostAndUsage groups it.
 */
export interface DailyCostRow {
  environment: string;
  day: CostDay;
  /**
   * The component tag value (`shipyard:component`, or the configured key),
   * not an entity ref: the model maps it to the catalog. `''` is the
   * unattributed cost: resources without the tag (Cost Explorer's empty tag
   * value).
   */
  component: string;
  /** Cost Explorer's SERVICE dimension, e.g. `EC2 - Other`. */
  awsService: string;
  amount: number;
  /** Cost Explorer's Unit, e.g. `USD`. */
  currency: string;
  /** True while Cost Explorer may revise the day (`Estimated: true`). */
  estimated: boolean;
}

/** A month's total of one component tag value in one environment. */
export interface MonthlyCostTotal {
  environment: string;
  month: CostMonth;
  /** The component tag value; `''` for unattributed. */
  component: string;
  currency: string;
  amount: number;
  /** True when any of its days is estimated. */
  estimated: boolean;
}

/** The sum of one component tag value in one environment over a range of days. */
export interface CostSum {
  environment: string;
  /** The component tag value; `''` for unattributed. */
  component: string;
  currency: string;
  amount: number;
}

/** How far the collector got in one environment. */
export interface CostCursor {
  environment: string;
  /**
   * Every day before this one is stored and final: the next run reads from
   * here (or from the open days, whichever is earlier). Undefined before the
   * first stored day (a backfill is due).
   */
  collectedUntil?: CostDay;
  /**
   * The UTC day a refresh last read the environment's open period in full
   * (up to that day): the day's later refreshes read only the recent days.
   * Undefined before the first complete read.
   */
  openPeriodReadOn?: CostDay;
  /** When rows of this environment were last stored. */
  refreshedAt?: Date;
}

/**
 * Cost Explorer's forecast (GetCostForecast) of one environment for the rest
 * of the current month, as read: the days in [from, to). The expected month
 * total (the contract's Forecast.monthEnd) is the stored days of the month
 * before `from` plus `mean` (and plus `low` / `high` for the bounds); the
 * store does not add them, since the days may be refreshed after the
 * forecast.
 */
export interface StoredForecast {
  environment: string;
  /** The month forecast, `from`'s month. */
  month: CostMonth;
  /** The first forecast day: the day the forecast was read (today, UTC). */
  from: CostDay;
  /** Exclusive: the first day of the next month. */
  to: CostDay;
  mean: number;
  low: number;
  high: number;
  currency: string;
  computedAt: Date;
}

/** A cost anomaly from GetAnomalies, as stored. */
export interface StoredAnomaly {
  /** Cost Explorer's AnomalyId. */
  id: string;
  environment: string;
  start: CostDay;
  /** The last day (inclusive, as Cost Explorer gives it); undefined while it lasts. */
  end?: CostDay;
  /** TotalImpact: cost above the expected, in `currency`. */
  impact: number;
  currency: string;
  /**
   * The component tag value it concerns, when the collector could link it
   * (see collectCosts); undefined when not linked. `''` would mean the
   * unattributed cost.
   */
  component?: string;
  /** The root cause's AWS service, e.g. `EC2 - Other`. */
  awsService?: string;
  accountId?: string;
  region?: string;
  usageType?: string;
}

/** When cost data was stored and refreshed. */
export interface CostsFreshness {
  /** When the collector last stored Cost Explorer data (any environment); undefined before. */
  refreshedAt?: Date;
  /** When the last refresh that completed without failure finished. */
  lastSucceededAt?: Date;
}

/** A refresh claimed by {@link CostsStore.claimRefresh}. */
export interface CostsRefresh {
  id: string;
  startedAt: Date;
}

/**
 * The costs plugin's database: daily costs per (environment, day, component
 * tag value, AWS service), their monthly totals (kept in step in the same
 * transaction, for the portfolio), the collector's cursors, forecasts,
 * anomalies, Cost Explorer requests per month, and the refreshes that ration
 * them across replicas. Implemented with knex in DefaultCostsStore.
 */
export interface CostsStore {
  // --- Reads (the model) ---

  /**
   * Monthly totals for months in [fromMonth, toMonth] (both inclusive),
   * optionally of some environments or component tag values, sorted by
   * environment, component, month. Months without cost are absent.
   */
  readMonthlyTotals(options: {
    fromMonth: CostMonth;
    toMonth: CostMonth;
    environments?: string[];
    components?: string[];
  }): Promise<MonthlyCostTotal[]>;

  /**
   * Sums over the days in [from, to) per (environment, component, currency),
   * e.g. month to date, or the previous month over as many days. Pairs
   * without cost are absent.
   */
  sumDays(options: {
    from: CostDay;
    to: CostDay;
    environments?: string[];
    components?: string[];
  }): Promise<CostSum[]>;

  /**
   * Daily rows of the days in [from, to), by AWS service, sorted by
   * environment, day, component, AWS service: a component's daily costs
   * (one or more `components`), or an environment's.
   */
  readDays(options: {
    from: CostDay;
    to: CostDay;
    environments?: string[];
    components?: string[];
  }): Promise<DailyCostRow[]>;

  /** The latest forecast of each environment, for any month. */
  readForecasts(): Promise<StoredForecast[]>;

  /**
   * Anomalies overlapping the days [from, to) (ongoing ones included),
   * sorted by start, then id.
   */
  listAnomalies(options: {
    from: CostDay;
    to: CostDay;
  }): Promise<StoredAnomaly[]>;

  /** Cost Explorer requests recorded in a month by every replica; 0 when none. */
  readApiRequests(month: CostMonth): Promise<number>;

  readFreshness(): Promise<CostsFreshness>;

  // --- Writes (the collector) ---

  /** Every environment's cursor, by environment name. */
  readCursors(): Promise<Map<string, CostCursor>>;

  /**
   * Replaces an environment's rows of the days in [from, to) with `rows`
   * (every row must lie in that range and environment; a day read without
   * cost is simply in the range without rows), recomputes the monthly totals
   * of the months touched, marks the environment refreshed at `now`, and,
   * when given, sets its cursor to `collectedUntil` and the day its open
   * period was read in full to `openPeriodReadOn`; all in one transaction,
   * so that reading a day again replaces it and a failure stores nothing of
   * it.
   */
  writeDays(options: {
    environment: string;
    from: CostDay;
    to: CostDay;
    rows: DailyCostRow[];
    collectedUntil?: CostDay;
    openPeriodReadOn?: CostDay;
    now: Date;
  }): Promise<void>;

  /** Sets an environment's cursor without writing rows. */
  setCursor(environment: string, collectedUntil: CostDay): Promise<void>;

  /** Replaces the environment's forecast. */
  writeForecast(forecast: StoredForecast): Promise<void>;

  /** Adds or replaces anomalies by id. */
  writeAnomalies(anomalies: StoredAnomaly[]): Promise<void>;

  /**
   * Adds Cost Explorer requests to a month's count (atomically, so that
   * replicas add up).
   */
  addApiRequests(month: CostMonth, requests: number): Promise<void>;

  /**
   * Starts a refresh when none started within `minIntervalMs` before `now`
   * (whatever its replica or outcome); returns it, or undefined when the
   * ration forbids one now. Runs are serialized by the scheduler's global
   * task lock; this check keeps a restart, a manual trigger or a shorter
   * configured frequency from adding refreshes.
   */
  claimRefresh(options: {
    now: Date;
    minIntervalMs: number;
  }): Promise<CostsRefresh | undefined>;

  /** Records how a claimed refresh ended. */
  finishRefresh(
    id: string,
    outcome: { finishedAt: Date; succeeded: boolean },
  ): Promise<void>;

  /** Deletes daily rows and monthly totals before `day` (retention). */
  pruneBefore(day: CostDay): Promise<void>;
}
