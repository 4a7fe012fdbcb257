import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { PortfolioRow } from '@internal/plugin-availability-common';
import {
  ShipyardEnvironments,
  ownerAndSystemOf,
} from '@internal/plugin-aws-node';
import {
  AvailabilitySeries,
  AvailabilityStore,
  CountBucket,
  MinuteCount,
  StoredIncident,
  SeriesSummary,
} from '../database/AvailabilityStore';
import { burnRates } from '../slo/burnRates';
import { chartPoints } from '../slo/chartPoints';
import { detectIncidents } from '../slo/detectIncidents';
import { PERIODS, periodRange } from '../slo/periodRange';
import { DAY } from '../slo/time';
import { describeSli } from './describeSli';
import { ObjectiveResolver } from './ObjectiveResolver';
import { seriesFigures } from './seriesFigures';

/** Series read and summarized together: bounds the buckets held in memory. */
const BATCH_SIZE = 25;
/**
 * Incidents are re-detected from the minutes kept, except in their first day:
 * there an incident may have begun before the oldest kept minute and would be
 * cut short, so what was stored when its minutes were all kept stands.
 */
const DETECTION_LEAD = DAY;

const CATALOG_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

/**
 * Runs after each collection cycle (the collector's `afterCycle` hook): per
 * series collected, re-detects incidents from the minutes kept and writes
 * one PortfolioRow per period, so the portfolio reads precomputed rows.
 * Catalog fields (name, title, owner, system) and the objective (tier
 * configuration and the component's annotations) are read here, once per
 * cycle, with the plugin's own credentials: the portfolio is readable by
 * everyone signed in.
 */
export class AvailabilitySummarizer {
  static create(options: {
    store: AvailabilityStore;
    catalog: CatalogService;
    auth: AuthService;
    environments: ShipyardEnvironments;
    objectives: ObjectiveResolver;
    logger: LoggerService;
  }): AvailabilitySummarizer {
    return new AvailabilitySummarizer(options);
  }

  private constructor(
    private readonly options: {
      store: AvailabilityStore;
      catalog: CatalogService;
      auth: AuthService;
      environments: ShipyardEnvironments;
      objectives: ObjectiveResolver;
      logger: LoggerService;
    },
  ) {}

  /** Summarizes these series (those the cycle collected). */
  async summarize(seriesIds: number[]): Promise<void> {
    const { store, logger } = this.options;
    const wanted = new Set(seriesIds);
    const series = (await store.listSeries()).filter(s => wanted.has(s.id));
    if (series.length === 0) {
      return;
    }
    const entities = await this.entitiesOf(series);

    let written = 0;
    for (let i = 0; i < series.length; i += BATCH_SIZE) {
      written += await this.summarizeBatch(
        series.slice(i, i + BATCH_SIZE),
        entities,
      );
    }
    logger.info(
      `Summarized availability of ${written} of ${series.length} series`,
    );
  }

  /**
   * The availability target of each series that has one, by id: what the
   * collector detects incidents with in minutes it does not store.
   */
  async targets(series: AvailabilitySeries[]): Promise<Map<number, number>> {
    const entities = await this.entitiesOf(series);
    const targets = new Map<number, number>();
    for (const s of series) {
      const target = this.resolve(s, entities)?.objective?.target;
      if (target !== undefined) {
        targets.set(s.id, target);
      }
    }
    return targets;
  }

  /** The series' entity, environment and objective; undefined when either is gone. */
  private resolve(series: AvailabilitySeries, entities: Map<string, Entity>) {
    const entity = entities.get(series.entityRef);
    const environment = this.options.environments
      .list()
      .find(e => e.name === series.environment);
    if (!entity || !environment) {
      return undefined;
    }
    const objective = this.options.objectives.resolve(
      environment.tier,
      entity.metadata.annotations,
    );
    return { entity, environment, objective };
  }

  private async entitiesOf(
    series: AvailabilitySeries[],
  ): Promise<Map<string, Entity>> {
    const { catalog, auth } = this.options;
    const refs = [...new Set(series.map(s => s.entityRef))];
    const entities = new Map<string, Entity>();
    if (refs.length === 0) {
      return entities;
    }
    const { items } = await catalog.getEntitiesByRefs(
      { entityRefs: refs, fields: CATALOG_FIELDS },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    items.forEach((entity, i) => {
      if (entity) {
        entities.set(refs[i], entity);
      }
    });
    return entities;
  }

  private async summarizeBatch(
    batch: AvailabilitySeries[],
    entities: Map<string, Entity>,
  ): Promise<number> {
    const { store } = this.options;
    const now = Date.now();
    const ranges = PERIODS.map(period => periodRange(period, now));
    const from = Math.min(...ranges.map(r => r.start));
    const ids = batch.map(s => s.id);
    const buckets = await store.readBuckets(ids, from, now);
    const stored = await store.listIncidents(
      ids,
      new Date(from),
      new Date(now),
    );
    const computedAt = new Date(now);
    const summaries: SeriesSummary[] = [];

    for (const series of batch) {
      const resolved = this.resolve(series, entities);
      if (!resolved) {
        // Gone from the catalog or the configuration: nothing to show.
        continue;
      }
      const { entity, environment, objective } = resolved;
      const seriesBuckets = buckets.get(series.id) ?? [];
      const until = series.collectedUntil?.getTime();
      await this.replaceIncidents(
        series,
        seriesBuckets,
        objective?.target,
        stored.filter(i => i.seriesId === series.id),
      );

      const burn = burnRates(seriesBuckets, until, objective?.target);
      const catalogFields = {
        entityRef: stringifyEntityRef(entity),
        name: entity.metadata.name,
        ...(entity.metadata.title ? { title: entity.metadata.title } : {}),
        ...ownerAndSystemOf(entity),
      };
      for (const range of ranges) {
        const figures = seriesFigures({
          series,
          buckets: seriesBuckets,
          range,
          objective,
          burn,
        });
        const row: PortfolioRow = {
          ...catalogFields,
          environment: environment.name,
          tier: environment.tier,
          sli: describeSli(series.source),
          ...(objective ? { objective } : {}),
          availability: figures.availability ?? null,
          totals: figures.totals,
          ...(figures.budget ? { budget: figures.budget } : {}),
          alert: burn.alert,
          state: figures.state,
          sparkline: chartPoints(seriesBuckets, range, DAY).map(p =>
            // Four decimals are plenty for a sparkline and keep 3,000 rows small.
            p.availability === undefined
              ? null
              : Math.round(p.availability * 1e4) / 1e4,
          ),
        };
        summaries.push({
          seriesId: series.id,
          period: range.period,
          figures: row,
          computedAt,
        });
      }
    }
    await store.writeSummaries(summaries);
    return summaries.length / ranges.length;
  }

  /**
   * Re-detects the series' incidents from its kept minutes. Incidents that
   * begin in the first day of kept minutes are left as stored (unless the
   * minutes reach back to the series' first), except that one detected with
   * the same start as a stored one updates it (an incident that ended or grew).
   */
  private async replaceIncidents(
    series: AvailabilitySeries,
    buckets: CountBucket[],
    target: number | undefined,
    stored: StoredIncident[],
  ): Promise<void> {
    // The minute rows after the last hour row: readBuckets gives an hour row
    // where minutes are gone, or were never stored (the collector folds the
    // minutes it reads before the retention into hours and detects their
    // incidents itself). Minutes before such a gap are about to be pruned;
    // re-detecting from them would replace incidents found in the gap.
    let lastHour = -1;
    buckets.forEach((b, i) => {
      if (b.minutes !== 1) {
        lastHour = i;
      }
    });
    const minutes: MinuteCount[] = buckets
      .slice(lastHour + 1)
      .map(({ start, good, total }) => ({ start, good, total }));
    if (minutes.length === 0 || !series.collectedUntil) {
      return;
    }
    const firstMinute = minutes[0].start;
    const complete =
      series.firstDataAt !== undefined &&
      firstMinute <= series.firstDataAt.getTime();
    const from = complete ? firstMinute : firstMinute + DETECTION_LEAD;
    const storedStarts = new Set(stored.map(i => i.start.getTime()));
    const detected =
      target === undefined
        ? []
        : detectIncidents(minutes, target, {
            until: series.collectedUntil.getTime(),
          }).filter(i => i.start >= from || storedStarts.has(i.start));
    await this.options.store.replaceIncidents(
      series.id,
      new Date(from),
      detected.map(i => ({
        seriesId: series.id,
        start: new Date(i.start),
        ...(i.end !== undefined ? { end: new Date(i.end) } : {}),
        good: i.good,
        total: i.total,
      })),
    );
  }
}
