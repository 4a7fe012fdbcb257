import { SliKind } from '@internal/plugin-availability-common';

/** One ALB target group whose requests a `requests` SLI counts. */
export interface TargetGroupSource {
  /** The TargetGroup dimension, e.g. `targetgroup/checkout-api-prod/6d0ecf831eec9f09`. */
  targetGroup: string;
  /** The LoadBalancer dimension, e.g. `app/shared-prod/50dc6c495c0c9188`. */
  loadBalancer: string;
  accountId: string;
  region: string;
}

/** One ECS service or EKS workload whose running tasks a `health` SLI counts. */
export interface WorkloadSource {
  runtime: 'ecs' | 'eks';
  cluster: string;
  /** ECS service name, or the EKS workload (Deployment) name. */
  service: string;
  /** EKS only. */
  namespace?: string;
  accountId: string;
  region: string;
}

/**
 * Where a series' numbers come from in CloudWatch, as the collector queries
 * them. A component may run in several regions of an environment (a DR
 * region): a `requests` series sums the requests of all its target groups; a
 * `health` minute counts when any workload wants tasks and is good when every
 * workload that wants tasks runs one.
 */
export type SliSource =
  | { kind: 'requests'; targetGroups: TargetGroupSource[] }
  | { kind: 'health'; workloads: WorkloadSource[] };

/** One measured (component, environment): what the collector reads, and how far it got. */
export interface AvailabilitySeries {
  id: number;
  /** `component:default/checkout-api`, lower-cased as stringifyEntityRef does. */
  entityRef: string;
  environment: string;
  sli: SliKind;
  source: SliSource;
  /** The first minute with data; undefined before any. */
  firstDataAt?: Date;
  /**
   * Everything before this minute is stored (the resume cursor): the next run
   * reads from here, so a failed run loses no minute.
   */
  collectedUntil?: Date;
}

/**
 * Counts for one bucket of time. A minute row has `minutes: 1`; an hour or a
 * day row sums its minutes. `dataMinutes` counts the minutes that had data
 * (with or without traffic): minutes − dataMinutes is "no data".
 */
export interface CountBucket {
  /** Start of the bucket, ms since the epoch, aligned to its width (UTC). */
  start: number;
  minutes: number;
  good: number;
  total: number;
  dataMinutes: number;
}

/** One minute as the collector computed it. */
export interface MinuteCount {
  /** Start of the minute, ms since the epoch. */
  start: number;
  good: number;
  total: number;
}

/**
 * One hour as CloudWatch's hourly data gives it, for periods older than its
 * 1-minute data: `dataMinutes` is 60 for an hour with a datapoint.
 */
export interface HourCount {
  /** Start of the hour, ms since the epoch. */
  start: number;
  good: number;
  total: number;
  dataMinutes: number;
}

/** A stored period below target. */
export interface StoredIncident {
  seriesId: number;
  start: Date;
  /** Undefined while it lasts. */
  end?: Date;
  good: number;
  total: number;
}

/** Precomputed figures for one series and period, for the portfolio view. */
export interface SeriesSummary {
  seriesId: number;
  period: string;
  /** The summary as served (a PortfolioRow without the catalog fields). */
  figures: unknown;
  computedAt: Date;
}

/**
 * The availability plugin's database. Minutes are kept for
 * `minuteRetention` (burn rates and incidents need them), hours for
 * `hourRetention` (the longest period), days for ever (at least 15 months,
 * whatever CloudWatch keeps). Implemented with knex in DefaultAvailabilityStore.
 */
export interface AvailabilityStore {
  /** Adds or updates a series by (entityRef, environment); returns it with its id and cursor. */
  upsertSeries(
    series: Omit<AvailabilitySeries, 'id' | 'firstDataAt' | 'collectedUntil'>,
  ): Promise<AvailabilitySeries>;
  listSeries(filter?: {
    entityRef?: string;
    environment?: string;
  }): Promise<AvailabilitySeries[]>;
  /**
   * Stores minutes for many series in one transaction, folds them into the
   * hour and day rows (idempotently: writing the same minute twice counts it
   * once), and advances each series' cursor to `until` (never back). A minute
   * listed twice counts as its last value.
   */
  writeMinutes(
    batch: Array<{ seriesId: number; minutes: MinuteCount[]; until: Date }>,
  ): Promise<void>;
  /**
   * Stores hour rows directly, for periods older than CloudWatch's 1-minute
   * data (a backfill), in one transaction: an hour written again is replaced,
   * and the day rows follow. Hours that have minute rows are the minutes'
   * sums; do not write those here. Advances each cursor to `until`.
   */
  writeHours(
    batch: Array<{ seriesId: number; hours: HourCount[]; until: Date }>,
  ): Promise<void>;
  /**
   * Buckets overlapping [from, to), sorted by start: minute rows for every
   * hour whose minutes are all kept, the hour row for the others (so the
   * first and last bucket may reach beyond from and to when those are not
   * whole hours). Buckets without a row are absent (no data). Every asked
   * series id is in the map.
   */
  readBuckets(
    seriesIds: number[],
    from: number,
    to: number,
  ): Promise<Map<number, CountBucket[]>>;
  /** Day rows overlapping [from, to), sorted, for long history. */
  readDays(
    seriesIds: number[],
    from: number,
    to: number,
  ): Promise<Map<number, CountBucket[]>>;
  /**
   * Replaces the series' incidents that start at or after `from` with these
   * (an incident of the list that starts earlier replaces the stored one with
   * the same start).
   */
  replaceIncidents(
    seriesId: number,
    from: Date,
    incidents: StoredIncident[],
  ): Promise<void>;
  /** Incidents overlapping [from, to) (ongoing ones included), by series and start. */
  listIncidents(
    seriesIds: number[],
    from: Date,
    to: Date,
  ): Promise<StoredIncident[]>;
  /** Adds or replaces the summaries by (seriesId, period). */
  writeSummaries(summaries: SeriesSummary[]): Promise<void>;
  readSummaries(period: string): Promise<SeriesSummary[]>;
  /**
   * Deletes minute rows before `minutesBefore` (down to the hour, so an hour
   * keeps all its minutes or none) and hour rows before `hoursBefore` (down to
   * the day). Day rows stay for ever. `hoursBefore` must not be after
   * `minutesBefore`.
   */
  prune(options: { minutesBefore: Date; hoursBefore: Date }): Promise<void>;
}
