import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ComponentAvailability,
  EnvironmentAvailability,
  Freshness,
  Incident,
  Period,
  Portfolio,
  PortfolioRow,
  SloState,
} from '@internal/plugin-availability-common';
import { sortByTier } from '@internal/plugin-aws-common';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';
import { HumanDuration, durationToMilliseconds } from '@backstage/types';
import {
  AvailabilitySeries,
  AvailabilityStore,
  StoredIncident,
} from '../database/AvailabilityStore';
import { SETTLE_MS } from '../collectors/collectAvailability';
import { burnRates } from '../slo/burnRates';
import { chartPoints } from '../slo/chartPoints';
import { PERIODS, PeriodSpan, periodRange } from '../slo/periodRange';
import { DAY, HOUR, MINUTE } from '../slo/time';
import { describeSli } from './describeSli';
import { ObjectiveResolver } from './ObjectiveResolver';
import { seriesFigures } from './seriesFigures';

/** The read side of the availability views. */
export interface AvailabilityModel {
  /**
   * Every measured (component, environment) over a period, worst first.
   * @throws InputError for an unknown environment, naming the known ones.
   */
  getPortfolio(request: {
    period: Period;
    environment?: string;
    credentials: BackstageCredentials;
  }): Promise<Portfolio>;
  /**
   * One component's availability per environment.
   * @throws NotFoundError when the caller cannot read the entity.
   */
  getComponentAvailability(request: {
    entityRef: CompoundEntityRef;
    period: Period;
    credentials: BackstageCredentials;
  }): Promise<ComponentAvailability>;
}

interface Options {
  store: AvailabilityStore;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  objectives: ObjectiveResolver;
  /** The collector's interval: data older than two of them is stale. */
  collectionInterval: HumanDuration;
}

const STATE_RANK: Record<SloState, number> = {
  breaching: 0,
  'at-risk': 1,
  healthy: 2,
  'no-data': 3,
  'no-target': 4,
};

/** Worst first: breaching, at risk, then least budget left, then by name. */
function compareRows(a: PortfolioRow, b: PortfolioRow): number {
  const left = (row: PortfolioRow) =>
    row.budget?.remainingPercent ?? Number.POSITIVE_INFINITY;
  return (
    STATE_RANK[a.state] - STATE_RANK[b.state] ||
    // NaN (both without a budget) falls through to the name.
    left(a) - left(b) ||
    a.name.localeCompare(b.name) ||
    a.entityRef.localeCompare(b.entityRef) ||
    a.environment.localeCompare(b.environment)
  );
}

const iso = (ms: number) => new Date(ms).toISOString();

function toRange(span: PeriodSpan) {
  return { period: span.period, start: iso(span.start), end: iso(span.end) };
}

/**
 * Reads what the collector and the summarizer stored: the portfolio from the
 * precomputed rows, a component's figures from its buckets and incidents.
 * Never calls AWS.
 */
export class DefaultAvailabilityModel implements AvailabilityModel {
  static create(options: Options): DefaultAvailabilityModel {
    return new DefaultAvailabilityModel(options);
  }

  private constructor(private readonly options: Options) {}

  async getPortfolio(request: {
    period: Period;
    environment?: string;
    credentials: BackstageCredentials;
  }): Promise<Portfolio> {
    const { store, environments } = this.options;
    if (request.environment !== undefined) {
      // Throws the InputError that names the configured environments.
      environments.get(request.environment);
    }
    const now = Date.now();
    const configured = new Set(environments.list().map(e => e.name));
    const summaries = await store.readSummaries(request.period);
    const rows = summaries
      .map(s => s.figures as PortfolioRow)
      .filter(row =>
        request.environment === undefined
          ? configured.has(row.environment)
          : row.environment === request.environment,
      )
      .sort(compareRows);
    const series = await store.listSeries(
      request.environment ? { environment: request.environment } : undefined,
    );
    return {
      range: toRange(periodRange(request.period, now)),
      freshness: this.freshness(series, now),
      rows,
    };
  }

  async getComponentAvailability(request: {
    entityRef: CompoundEntityRef;
    period: Period;
    credentials: BackstageCredentials;
  }): Promise<ComponentAvailability> {
    const { store, catalog, environments, objectives } = this.options;
    const entity = await catalog.getEntityByRef(request.entityRef, {
      credentials: request.credentials,
    });
    if (!entity) {
      throw new NotFoundError(
        `No entity ${stringifyEntityRef(request.entityRef)} in the catalog`,
      );
    }
    const entityRef = stringifyEntityRef(entity);
    const now = Date.now();
    const selected = periodRange(request.period, now);
    const ranges = PERIODS.map(period => periodRange(period, now));

    const allSeries = await store.listSeries({ entityRef });
    const bySeriesEnvironment = new Map(allSeries.map(s => [s.environment, s]));
    const measured = sortByTier(environments.list()).filter(e =>
      bySeriesEnvironment.has(e.name),
    );
    const series = measured.map(e => bySeriesEnvironment.get(e.name)!);
    const ids = series.map(s => s.id);
    const from = Math.min(...ranges.map(r => r.start));
    const buckets = ids.length
      ? await store.readBuckets(ids, from, now)
      : new Map();
    const incidents = ids.length
      ? await store.listIncidents(ids, new Date(selected.start), new Date(now))
      : [];

    const items: EnvironmentAvailability[] = measured.map((environment, i) => {
      const s = series[i];
      const seriesBuckets = buckets.get(s.id) ?? [];
      const objective = objectives.resolve(
        environment.tier,
        entity.metadata.annotations,
      );
      const burn = burnRates(
        seriesBuckets,
        s.collectedUntil?.getTime(),
        objective?.target,
      );
      const figures = ranges.map(range => ({
        range,
        ...seriesFigures({
          series: s,
          buckets: seriesBuckets,
          range,
          objective,
          burn,
        }),
      }));
      const current = figures.find(f => f.range.period === request.period)!;
      const chart = chartPoints(
        seriesBuckets,
        selected,
        request.period === '7d' ? HOUR : DAY,
        current.budget?.total,
      );
      return {
        environment: environment.name,
        tier: environment.tier,
        sli: describeSli(s.source),
        ...(objective ? { objective } : {}),
        state: current.state,
        ...(s.firstDataAt ? { since: s.firstDataAt.toISOString() } : {}),
        periods: figures.map(f => ({
          range: toRange(f.range),
          totals: f.totals,
          availability: f.availability ?? null,
          ...(f.budget ? { budget: f.budget } : {}),
        })),
        burnRates: burn.rates,
        alert: burn.alert,
        chart: chart.map(p => ({
          t: iso(p.t),
          availability: p.availability ?? null,
          budgetRemainingPercent: p.budgetRemainingPercent ?? null,
        })),
        incidents: incidents
          .filter(incident => incident.seriesId === s.id)
          .sort((a, b) => b.start.getTime() - a.start.getTime())
          .map(incident => toIncident(incident, s, now, current.budget?.total)),
      };
    });

    return {
      entityRef,
      range: toRange(selected),
      freshness: this.freshness(series, now),
      environments: items,
    };
  }

  /**
   * When the collector last stored data: the latest cursor of the series
   * shown. Stale after two collection intervals, or before any data.
   */
  private freshness(series: AvailabilitySeries[], now: number): Freshness {
    const latest = Math.max(
      ...series.map(s => s.collectedUntil?.getTime() ?? -Infinity),
    );
    if (!Number.isFinite(latest)) {
      return { stale: true };
    }
    return {
      collectedAt: iso(latest),
      // The collector reads up to the last settled minute (SETTLE_MS before
      // its run, floored to the minute): data that old is as fresh as it gets.
      stale:
        now - latest >
        2 * durationToMilliseconds(this.options.collectionInterval) +
          SETTLE_MS +
          MINUTE,
    };
  }
}

function toIncident(
  incident: StoredIncident,
  series: AvailabilitySeries,
  now: number,
  budgetTotal: number | undefined,
): Incident {
  const start = incident.start.getTime();
  const end =
    incident.end?.getTime() ?? series.collectedUntil?.getTime() ?? now;
  const spent = incident.total - incident.good;
  return {
    start: iso(start),
    ...(incident.end ? { end: incident.end.toISOString() } : {}),
    durationMinutes: Math.max(0, Math.round((end - start) / MINUTE)),
    availability:
      incident.total > 0 ? (100 * incident.good) / incident.total : 100,
    budgetSpent: spent,
    // A zero budget (a 100 % target) has no meaningful share.
    ...(budgetTotal ? { budgetSpentPercent: (100 * spent) / budgetTotal } : {}),
  };
}
