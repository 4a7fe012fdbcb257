import { SliKind } from '@internal/plugin-availability-common';

/**
 * Where a series' numbers come from in CloudWatch, as the collector queries
 * them: the namespace and dimensions of each metric it reads.
 */
export type SliSource =
  | {
      kind: 'requests';
      /** ALB target group, e.g. `targetgroup/checkout-api-prod/6d0ecf831eec9f09`. */
      targetGroup: string;
      /** The load balancer dimension, e.g. `app/shared-prod/50dc6c495c0c9188`. */
      loadBalancer: string;
      accountId: string;
      region: string;
    }
  | {
      kind: 'health';
      runtime: 'ecs' | 'eks';
      cluster: string;
      /** ECS service name, or the EKS workload (Deployment) name. */
      service: string;
      /** EKS only. */
      namespace?: string;
      accountId: string;
      region: string;
    };

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
   * once), and advances each series' cursor to `until`.
   */
  writeMinutes(
    batch: Array<{ seriesId: number; minutes: MinuteCount[]; until: Date }>,
  ): Promise<void>;
  /**
   * Buckets for [from, to): minute rows where kept, hour rows before that.
   * Buckets without a row are absent (no data).
   */
  readBuckets(
    seriesIds: number[],
    from: number,
    to: number,
  ): Promise<Map<number, CountBucket[]>>;
  /** Day rows for [from, to), for long history. */
  readDays(
    seriesIds: number[],
    from: number,
    to: number,
  ): Promise<Map<number, CountBucket[]>>;
  /** Replaces the series' incidents that start at or after `from` with these. */
  replaceIncidents(
    seriesId: number,
    from: Date,
    incidents: StoredIncident[],
  ): Promise<void>;
  listIncidents(
    seriesIds: number[],
    from: Date,
    to: Date,
  ): Promise<StoredIncident[]>;
  writeSummaries(summaries: SeriesSummary[]): Promise<void>;
  readSummaries(period: string): Promise<SeriesSummary[]>;
  /** Deletes minute and hour rows older than their retention. */
  prune(options: { minutesBefore: Date; hoursBefore: Date }): Promise<void>;
}
