import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AwsClientFactory,
  ResourceLocator,
  ShipyardEnvironments,
  listShipyardComponents,
} from '@internal/plugin-aws-node';
import {
  AvailabilitySeries,
  AvailabilityStore,
} from '../database/AvailabilityStore';
import { MinuteSliceWriter } from './MinuteSliceWriter';
import { CountsPlan, readCounts } from './readCounts';
import { MeasuredComponent, resolveSliSources } from './resolveSliSources';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * CloudWatch keeps 1-minute data for 15 days; a day less, so that the
 * oldest minutes asked for are not expiring while a backfill runs. Within
 * it the collector reads per minute (incidents are found in minutes), before
 * it per hour (CloudWatch keeps hourly data 455 days; 5-minute data only 63).
 */
const MINUTE_DATA_MS = 14 * DAY;
/** The newest minutes CloudWatch may still be filling in: not read yet. */
export const SETTLE_MS = 2 * MINUTE;
/** Read again on the next run: late datapoints replace what was stored. */
const OVERLAP_MS = 5 * MINUTE;
/**
 * Only a cursor this recent is read again: its last minutes may have been
 * filled in since. An older one (a run failed a while ago) was settled when
 * read, and its minutes may be pruned already (minute retention is at least
 * a day), where reading them again would count them twice.
 */
const OVERLAP_CURSOR_AGE_MS = HOUR;

/**
 * What the summarizer gets after a collection cycle has stored its data:
 * it computes incidents and summaries (the model's work).
 */
export interface AvailabilityCycle {
  /** Every series measured this cycle, with its cursor after it. */
  series: AvailabilitySeries[];
  /**
   * Per series id, the earliest minute (or backfilled hour) this cycle
   * stored: incidents and figures from there on may have changed. Series
   * without new data are absent.
   */
  changedFrom: Map<number, Date>;
  signal?: AbortSignal;
  logger: LoggerService;
}

/** Called after each cycle's data is stored, before pruning. */
export type AfterAvailabilityCycle = (
  cycle: AvailabilityCycle,
) => Promise<void>;

/**
 * The availability target (a percentage) of each of these series, by id;
 * series without one are absent. The collector detects incidents with it in
 * minutes it does not store.
 */
export type AvailabilityTargets = (
  series: AvailabilitySeries[],
) => Promise<Map<number, number>>;

function floorTo(ms: number, width: number) {
  return ms - (ms % width);
}

/**
 * One pass of the availability collector: finds how each catalog component
 * is measured in each environment, reads CloudWatch from each series' cursor
 * (a backfill on its first run) to the last settled minute, stores the
 * counts, lets `afterCycle` compute incidents and summaries, and prunes by
 * retention.
 *
 * An environment whose resources cannot be looked up is measured as stored
 * before. Series whose reads fail keep their cursor (the next run resumes
 * there) and do not stop the others; the run then fails naming them.
 */
export async function collectAvailability(deps: {
  auth: AuthService;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  locator: Pick<ResourceLocator, 'locateMany'>;
  clientFactory: AwsClientFactory;
  store: AvailabilityStore;
  logger: LoggerService;
  backfillMs: number;
  minuteRetentionMs: number;
  hourRetentionMs: number;
  afterCycle?: AfterAvailabilityCycle;
  /**
   * Minutes read before the minute retention (a backfill, a run after a
   * long stop) are folded into hours instead of stored, and their
   * incidents detected with these targets; without them, none are.
   */
  incidentTargets?: AvailabilityTargets;
  signal?: AbortSignal;
  /** The clock. */
  now?: () => Date;
}): Promise<void> {
  const { store, logger, signal } = deps;
  const now = (deps.now ?? (() => new Date()))().getTime();
  const failures: string[] = [];

  const stored = await store.listSeries();
  const storedByKey = new Map(
    stored.map(s => [`${s.entityRef}\n${s.environment}`, s]),
  );
  const knownLoadBalancers = new Map(
    stored.flatMap(s =>
      s.source.kind === 'requests'
        ? s.source.targetGroups.map(tg => [tg.targetGroup, tg.loadBalancer])
        : [],
    ) as Array<[string, string]>,
  );

  const components = await listShipyardComponents(deps);
  const measured: AvailabilitySeries[] = [];
  for (const environment of deps.environments.list()) {
    signal?.throwIfAborted();
    let found: MeasuredComponent[];
    try {
      found = await resolveSliSources({
        components,
        environment: environment.name,
        locator: deps.locator,
        clientFactory: deps.clientFactory,
        knownLoadBalancers,
        signal,
      });
    } catch (error) {
      if (signal?.aborted) {
        throw error;
      }
      const kept = stored.filter(s => s.environment === environment.name);
      logger.warn(
        `Could not look up the resources of ${
          environment.name
        }; measuring its ${
          kept.length
        } stored series as before: ${stringifyError(error)}`,
      );
      failures.push(`${environment.name}: ${stringifyError(error)}`);
      measured.push(...kept);
      continue;
    }
    for (const m of found) {
      const before = storedByKey.get(`${m.entityRef}\n${m.environment}`);
      if (
        before &&
        JSON.stringify(before.source) === JSON.stringify(m.source)
      ) {
        measured.push(before);
      } else {
        measured.push(await store.upsertSeries({ ...m, sli: m.source.kind }));
      }
    }
  }

  // What to read: from each cursor (a little before a recent one) to the last settled
  // minute; a new series from the backfill's start, per hour until 1-minute
  // data begins.
  const end = floorTo(now, MINUTE) - SETTLE_MS;
  const backfillStart = floorTo(now - deps.backfillMs, HOUR);
  const minuteStart = Math.max(
    backfillStart,
    floorTo(now, HOUR) - MINUTE_DATA_MS,
  );
  const hourPlans: CountsPlan[] = [];
  const minutePlans: CountsPlan[] = [];
  for (const series of measured) {
    const cursor = series.collectedUntil?.getTime();
    let from = backfillStart;
    if (cursor !== undefined) {
      from = Math.max(
        backfillStart,
        cursor >= now - OVERLAP_CURSOR_AGE_MS ? cursor - OVERLAP_MS : cursor,
      );
    }
    if (from < minuteStart) {
      hourPlans.push({
        seriesId: series.id,
        source: series.source,
        from: floorTo(from, HOUR),
      });
    }
    minutePlans.push({
      seriesId: series.id,
      source: series.source,
      from: Math.max(from, minuteStart),
    });
  }

  const changedFrom = new Map<number, number>();
  let storedRows = 0;
  const noteChanges = (counts: Map<number, Array<{ start: number }>>) => {
    for (const [id, list] of counts) {
      if (list.length) {
        changedFrom.set(
          id,
          Math.min(changedFrom.get(id) ?? Infinity, list[0].start),
        );
      }
    }
  };

  if (hourPlans.length) {
    logger.info(
      `Backfilling ${hourPlans.length} series per hour from ${new Date(
        Math.min(...hourPlans.map(p => p.from)),
      ).toISOString()} to ${new Date(minuteStart).toISOString()}`,
    );
  }
  const hourFailures = await readCounts({
    plans: hourPlans,
    period: 3600,
    to: minuteStart,
    clientFactory: deps.clientFactory,
    logger,
    signal,
    store: async slice => {
      await store.writeHours(
        [...slice.counts].map(([seriesId, hours]) => ({
          seriesId,
          hours,
          until: new Date(slice.until),
        })),
      );
      noteChanges(slice.counts);
      for (const hours of slice.counts.values()) {
        storedRows += hours.length;
      }
      logger.debug(
        `Stored hours up to ${new Date(slice.until).toISOString()} for ${
          slice.counts.size
        } series`,
      );
    },
  });

  // The prune's cutoff, to the hour as it prunes.
  const keepFrom = floorTo(now - deps.minuteRetentionMs, HOUR);
  // A series whose hours failed resumes there next time, in time order.
  const plans = minutePlans.filter(p => !hourFailures.has(p.seriesId));
  const toFold = MinuteSliceWriter.seriesToFold(plans, keepFrom);
  let targets: Map<number, number> | undefined;
  if (toFold.length && deps.incidentTargets) {
    const folded = new Set(toFold);
    try {
      targets = await deps.incidentTargets(
        measured.filter(s => folded.has(s.id)),
      );
    } catch (error) {
      if (signal?.aborted) {
        throw error;
      }
      // Stored as minutes, the summarizer finds their incidents before
      // they are pruned: slower, nothing lost.
      logger.warn(
        `Could not resolve the targets of ${
          toFold.length
        } series; storing their minutes before the retention too: ${stringifyError(
          error,
        )}`,
      );
    }
  } else if (toFold.length) {
    targets = new Map();
  }
  const minuteWriter = await MinuteSliceWriter.create({
    store,
    plans,
    series: measured,
    keepFrom,
    targets,
  });
  const minuteFailures = await readCounts({
    plans,
    period: 60,
    to: end,
    clientFactory: deps.clientFactory,
    logger,
    signal,
    store: async slice => {
      storedRows += await minuteWriter.write(slice);
      noteChanges(slice.counts);
      logger.debug(
        `Stored minutes up to ${new Date(slice.until).toISOString()} for ${
          slice.counts.size
        } series`,
      );
    },
  });
  const readFailures = new Map([...hourFailures, ...minuteFailures]);
  logger.info(
    `Stored ${storedRows} counts of ${changedFrom.size} of ${
      measured.length
    } series up to ${new Date(end).toISOString()}${
      readFailures.size ? `; ${readFailures.size} series could not be read` : ''
    }`,
  );
  if (readFailures.size) {
    failures.push(
      `${readFailures.size} series could not be read (${
        [...readFailures.values()][0]
      })`,
    );
  }

  if (deps.afterCycle) {
    const measuredIds = new Set(measured.map(s => s.id));
    try {
      await deps.afterCycle({
        series: (await store.listSeries()).filter(s => measuredIds.has(s.id)),
        changedFrom: new Map(
          [...changedFrom].map(([id, from]) => [id, new Date(from)]),
        ),
        signal,
        logger,
      });
    } catch (error) {
      if (signal?.aborted) {
        throw error;
      }
      logger.error(
        `Could not compute incidents and summaries: ${stringifyError(error)}`,
      );
      failures.push(`summaries: ${stringifyError(error)}`);
    }
  }

  // After the summarizer: it reads the minutes a backfill stored before
  // they go.
  await store.prune({
    minutesBefore: new Date(now - deps.minuteRetentionMs),
    hoursBefore: new Date(now - deps.hourRetentionMs),
  });

  if (failures.length) {
    throw new Error(
      `Availability collection incomplete; what was stored stays and the next run resumes from there. ${failures.join(
        '; ',
      )}`,
    );
  }
}
