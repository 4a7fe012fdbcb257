import { InputError } from '@backstage/errors';
import { chunk } from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import {
  AvailabilitySeries,
  AvailabilityStore,
  CountBucket,
  HourCount,
  MinuteCount,
  SeriesSummary,
  SliSource,
  StoredIncident,
} from './AvailabilityStore';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Rows per multi-row insert: knex writes one on SQLite as a compound SELECT,
 * which SQLite limits to 500 terms; 500 rows of 5 columns also stay far
 * below SQLite's 32,766 and PostgreSQL's 65,535 bound parameters.
 */
const ROWS_PER_STATEMENT = 500;
/** Series ids per `IN (...)`: a few range conditions are bound besides. */
const IDS_PER_STATEMENT = 500;

type CountTable = 'minutes' | 'hours' | 'days';

type SeriesRow = {
  id: number;
  entity_ref: string;
  environment: string;
  sli: string;
  source: string;
  first_data_at: string | number | null;
  collected_until: string | number | null;
};

type CountRow = {
  series_id: number;
  start: string | number;
  good: string | number;
  total: string | number;
  data_minutes: string | number;
};

type IncidentRow = {
  series_id: number;
  start_at: string | number;
  end_at: string | number | null;
  good: string | number;
  total: string | number;
};

type SummaryRow = {
  series_id: number;
  period: string;
  figures: string;
  computed_at: string | number;
};

/** How far minutes and hours were pruned; -Infinity before any prune. */
type Watermarks = { minutes: number; hours: number };

/** A count row to add to (a difference) or to put (a value). */
type CountValues = {
  seriesId: number;
  start: number;
  good: number;
  total: number;
  dataMinutes: number;
};

function floorTo(ms: number, width: number): number {
  return ms - (((ms % width) + width) % width);
}

function toSeries(row: SeriesRow): AvailabilitySeries {
  return {
    id: Number(row.id),
    entityRef: row.entity_ref,
    environment: row.environment,
    sli: row.sli as AvailabilitySeries['sli'],
    source: JSON.parse(row.source) as SliSource,
    ...(row.first_data_at !== null
      ? { firstDataAt: new Date(Number(row.first_data_at)) }
      : {}),
    ...(row.collected_until !== null
      ? { collectedUntil: new Date(Number(row.collected_until)) }
      : {}),
  };
}

function toBucket(row: CountRow, minutes: number): CountBucket {
  return {
    start: Number(row.start),
    minutes,
    good: Number(row.good),
    total: Number(row.total),
    dataMinutes: Number(row.data_minutes),
  };
}

function toIncident(row: IncidentRow): StoredIncident {
  return {
    seriesId: Number(row.series_id),
    start: new Date(Number(row.start_at)),
    ...(row.end_at !== null ? { end: new Date(Number(row.end_at)) } : {}),
    good: Number(row.good),
    total: Number(row.total),
  };
}

function checkCounts(
  what: string,
  c: { start: number; good: number; total: number },
  width: number,
) {
  if (
    !Number.isSafeInteger(c.start) ||
    c.start % width !== 0 ||
    !Number.isSafeInteger(c.good) ||
    !Number.isSafeInteger(c.total) ||
    c.good < 0 ||
    c.total < c.good
  ) {
    throw new InputError(
      `Invalid ${what} at ${c.start}: start must be aligned to ${width} ms, and good and total whole numbers with 0 <= good <= total (got good ${c.good}, total ${c.total})`,
    );
  }
}

/** Groups series ids by a key, e.g. the time range a statement covers. */
function groupIds<K>(entries: Iterable<[number, K]>, keyOf: (k: K) => string) {
  const groups = new Map<string, { value: K; ids: number[] }>();
  for (const [id, value] of entries) {
    const key = keyOf(value);
    const group = groups.get(key) ?? { value, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * {@link AvailabilityStore} on the plugin's Knex database (SQLite or
 * PostgreSQL).
 *
 * Hour and day rows are sums of their finer rows. Where the finer rows are
 * all kept (at or after the prune watermark), a write recomputes the touched
 * hour or day from them, which is exact and idempotent; below it, a write
 * adds the difference between the new and the stored finer row instead.
 */
export class DefaultAvailabilityStore implements AvailabilityStore {
  static create(options: { knex: Knex }): DefaultAvailabilityStore {
    return new DefaultAvailabilityStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  async upsertSeries(
    series: Omit<AvailabilitySeries, 'id' | 'firstDataAt' | 'collectedUntil'>,
  ): Promise<AvailabilitySeries> {
    if (series.sli !== series.source.kind) {
      throw new InputError(
        `The SLI of ${series.entityRef} in ${series.environment} is ${series.sli} but its source is ${series.source.kind}`,
      );
    }
    await this.knex<SeriesRow>('series')
      .insert({
        entity_ref: series.entityRef,
        environment: series.environment,
        sli: series.sli,
        source: JSON.stringify(series.source),
      })
      .onConflict(['entity_ref', 'environment'])
      .merge(['sli', 'source']);
    const row = await this.knex<SeriesRow>('series')
      .where({ entity_ref: series.entityRef, environment: series.environment })
      .first();
    return toSeries(row!);
  }

  async listSeries(
    filter: { entityRef?: string; environment?: string } = {},
  ): Promise<AvailabilitySeries[]> {
    const query = this.knex<SeriesRow>('series');
    if (filter.entityRef !== undefined) {
      query.where('entity_ref', filter.entityRef);
    }
    if (filter.environment !== undefined) {
      query.where('environment', filter.environment);
    }
    const rows = await query.orderBy('id');
    return rows.map(toSeries);
  }

  async writeMinutes(
    batch: Array<{ seriesId: number; minutes: MinuteCount[]; until: Date }>,
  ): Promise<void> {
    // The last value of a minute listed twice wins; PostgreSQL refuses an
    // upsert that touches one row twice.
    const written = new Map<number, Map<number, MinuteCount>>();
    for (const entry of batch) {
      const minutes = written.get(entry.seriesId) ?? new Map();
      for (const m of entry.minutes) {
        checkCounts('minute', m, MINUTE);
        minutes.set(m.start, m);
      }
      written.set(entry.seriesId, minutes);
    }

    await this.knex.transaction(async tx => {
      const marks = await readWatermarks(tx);

      // Differences for minutes in hours that lost minutes to pruning: what
      // the stored minute (if any) already counted there.
      const below = new Map<number, MinuteCount[]>();
      for (const [seriesId, minutes] of written) {
        const list = [...minutes.values()].filter(
          m => floorTo(m.start, HOUR) < marks.minutes,
        );
        if (list.length) {
          below.set(seriesId, list);
        }
      }
      const stored = await readRows(tx, 'minutes', below);
      const hourDeltas = new Map<string, CountValues>();
      for (const [seriesId, list] of below) {
        for (const m of list) {
          const old = stored.get(`${seriesId}:${m.start}`);
          addTo(hourDeltas, {
            seriesId,
            start: floorTo(m.start, HOUR),
            good: m.good - (old?.good ?? 0),
            total: m.total - (old?.total ?? 0),
            dataMinutes: old ? 0 : 1,
          });
        }
      }

      await putRows(
        tx,
        'minutes',
        [...written].flatMap(([seriesId, minutes]) =>
          [...minutes.values()].map(m => ({ seriesId, ...m, dataMinutes: 1 })),
        ),
      );

      const recomputeHours = new Map<number, { from: number; to: number }>();
      for (const [seriesId, minutes] of written) {
        const hours = [...minutes.keys()]
          .map(start => floorTo(start, HOUR))
          .filter(h => h >= marks.minutes);
        if (hours.length) {
          recomputeHours.set(seriesId, {
            from: Math.min(...hours),
            to: Math.max(...hours) + HOUR,
          });
        }
      }
      await recompute(tx, 'minutes', 'hours', HOUR, recomputeHours);
      await addRows(tx, 'hours', [...hourDeltas.values()]);

      // Every minute below the hour watermark is below the minute one, so
      // its difference is known.
      await this.#foldIntoDays(
        tx,
        marks,
        [...written].map(([seriesId, m]) => [seriesId, [...m.keys()]]),
        [...hourDeltas.values()],
      );
      await advanceSeries(
        tx,
        batch.map(entry => ({
          seriesId: entry.seriesId,
          until: entry.until.getTime(),
          firstData: minStart(entry.minutes),
        })),
      );
    });
  }

  async writeHours(
    batch: Array<{ seriesId: number; hours: HourCount[]; until: Date }>,
  ): Promise<void> {
    const written = new Map<number, Map<number, HourCount>>();
    for (const entry of batch) {
      const hours = written.get(entry.seriesId) ?? new Map();
      for (const h of entry.hours) {
        checkCounts('hour', h, HOUR);
        if (
          !Number.isInteger(h.dataMinutes) ||
          h.dataMinutes < 1 ||
          h.dataMinutes > 60
        ) {
          throw new InputError(
            `Invalid hour at ${h.start}: dataMinutes must be 1 to 60, got ${h.dataMinutes}`,
          );
        }
        hours.set(h.start, h);
      }
      written.set(entry.seriesId, hours);
    }

    await this.knex.transaction(async tx => {
      const marks = await readWatermarks(tx);
      const below = new Map<number, HourCount[]>();
      for (const [seriesId, hours] of written) {
        const list = [...hours.values()].filter(
          h => floorTo(h.start, DAY) < marks.hours,
        );
        if (list.length) {
          below.set(seriesId, list);
        }
      }
      const stored = await readRows(tx, 'hours', below);
      const hourDeltas: CountValues[] = [];
      for (const [seriesId, list] of below) {
        for (const h of list) {
          const old = stored.get(`${seriesId}:${h.start}`);
          hourDeltas.push({
            seriesId,
            start: h.start,
            good: h.good - (old?.good ?? 0),
            total: h.total - (old?.total ?? 0),
            dataMinutes: h.dataMinutes - (old?.dataMinutes ?? 0),
          });
        }
      }
      await putRows(
        tx,
        'hours',
        [...written].flatMap(([seriesId, hours]) =>
          [...hours.values()].map(h => ({ seriesId, ...h })),
        ),
      );
      await this.#foldIntoDays(
        tx,
        marks,
        [...written].map(([seriesId, h]) => [seriesId, [...h.keys()]]),
        hourDeltas,
      );
      await advanceSeries(
        tx,
        batch.map(entry => ({
          seriesId: entry.seriesId,
          until: entry.until.getTime(),
          firstData: minStart(entry.hours),
        })),
      );
    });
  }

  /**
   * Brings the days of the written starts up to date: recomputed from their
   * hours where all are kept, else by the hours' differences.
   */
  async #foldIntoDays(
    tx: Knex.Transaction,
    marks: Watermarks,
    starts: Array<[number, number[]]>,
    hourDeltas: CountValues[],
  ) {
    const recomputeDays = new Map<number, { from: number; to: number }>();
    for (const [seriesId, list] of starts) {
      const days = list
        .map(start => floorTo(start, DAY))
        .filter(d => d >= marks.hours);
      if (days.length) {
        recomputeDays.set(seriesId, {
          from: Math.min(...days),
          to: Math.max(...days) + DAY,
        });
      }
    }
    await recompute(tx, 'hours', 'days', DAY, recomputeDays);
    const dayDeltas = new Map<string, CountValues>();
    for (const d of hourDeltas) {
      const day = floorTo(d.start, DAY);
      if (day < marks.hours) {
        addTo(dayDeltas, { ...d, start: day });
      }
    }
    await addRows(tx, 'days', [...dayDeltas.values()]);
  }

  async readBuckets(
    seriesIds: number[],
    from: number,
    to: number,
  ): Promise<Map<number, CountBucket[]>> {
    const result = new Map<number, CountBucket[]>(
      seriesIds.map(id => [id, []]),
    );
    const hourFrom = floorTo(from, HOUR);
    const hourTo = floorTo(to - 1, HOUR) + HOUR;
    if (to <= from) {
      return result;
    }
    for (const ids of chunk([...new Set(seriesIds)], IDS_PER_STATEMENT)) {
      const range = (table: CountTable) =>
        this.knex<CountRow>(table)
          .whereIn('series_id', ids)
          .andWhere('start', '>=', hourFrom)
          .andWhere('start', '<', hourTo)
          .orderBy(['series_id', 'start']);
      const [minuteRows, hourRows] = await Promise.all([
        range('minutes'),
        range('hours'),
      ]);
      const minutesByHour = new Map<string, CountBucket[]>();
      for (const row of minuteRows) {
        const bucket = toBucket(row, 1);
        const key = `${row.series_id}:${floorTo(bucket.start, HOUR)}`;
        const list = minutesByHour.get(key) ?? [];
        list.push(bucket);
        minutesByHour.set(key, list);
      }
      const overlaps = (b: CountBucket) =>
        b.start < to && b.start + b.minutes * MINUTE > from;
      for (const row of hourRows) {
        const seriesId = Number(row.series_id);
        const hour = toBucket(row, 60);
        const key = `${seriesId}:${hour.start}`;
        const minutes = minutesByHour.get(key);
        minutesByHour.delete(key);
        const list = result.get(seriesId)!;
        if (minutes && minutes.length >= hour.dataMinutes) {
          list.push(...minutes.filter(overlaps));
        } else if (overlaps(hour)) {
          list.push(hour);
        }
      }
      // Minutes are written with their hour; this keeps any that were not.
      for (const [key, minutes] of minutesByHour) {
        const seriesId = Number(key.slice(0, key.indexOf(':')));
        result.get(seriesId)!.push(...minutes.filter(overlaps));
      }
    }
    for (const list of result.values()) {
      list.sort((a, b) => a.start - b.start);
    }
    return result;
  }

  async readDays(
    seriesIds: number[],
    from: number,
    to: number,
  ): Promise<Map<number, CountBucket[]>> {
    const result = new Map<number, CountBucket[]>(
      seriesIds.map(id => [id, []]),
    );
    for (const ids of chunk([...new Set(seriesIds)], IDS_PER_STATEMENT)) {
      const rows = await this.knex<CountRow>('days')
        .whereIn('series_id', ids)
        .andWhere('start', '>', from - DAY)
        .andWhere('start', '<', to)
        .orderBy(['series_id', 'start']);
      for (const row of rows) {
        result.get(Number(row.series_id))!.push(toBucket(row, 24 * 60));
      }
    }
    return result;
  }

  async replaceIncidents(
    seriesId: number,
    from: Date,
    incidents: StoredIncident[],
  ): Promise<void> {
    const other = incidents.find(i => i.seriesId !== seriesId);
    if (other) {
      throw new InputError(
        `Cannot replace the incidents of series ${seriesId} with one of series ${other.seriesId}`,
      );
    }
    const unique = [
      ...new Map(incidents.map(i => [i.start.getTime(), i])).values(),
    ];
    await this.knex.transaction(async tx => {
      await tx('incidents')
        .where('series_id', seriesId)
        .andWhere('start_at', '>=', from.getTime())
        .delete();
      for (const batch of chunk(unique, ROWS_PER_STATEMENT)) {
        await tx<IncidentRow>('incidents')
          .insert(
            batch.map(i => ({
              series_id: seriesId,
              start_at: i.start.getTime(),
              end_at: i.end?.getTime() ?? null,
              good: i.good,
              total: i.total,
            })),
          )
          .onConflict(['series_id', 'start_at'])
          .merge(['end_at', 'good', 'total']);
      }
    });
  }

  async listIncidents(
    seriesIds: number[],
    from: Date,
    to: Date,
  ): Promise<StoredIncident[]> {
    const incidents: StoredIncident[] = [];
    for (const ids of chunk([...new Set(seriesIds)], IDS_PER_STATEMENT)) {
      const rows = await this.knex<IncidentRow>('incidents')
        .whereIn('series_id', ids)
        .andWhere('start_at', '<', to.getTime())
        .andWhere(q =>
          q.whereNull('end_at').orWhere('end_at', '>', from.getTime()),
        )
        .orderBy(['series_id', 'start_at']);
      incidents.push(...rows.map(toIncident));
    }
    return incidents.sort(
      (a, b) =>
        a.seriesId - b.seriesId || a.start.getTime() - b.start.getTime(),
    );
  }

  async writeSummaries(summaries: SeriesSummary[]): Promise<void> {
    const unique = [
      ...new Map(summaries.map(s => [`${s.seriesId}:${s.period}`, s])).values(),
    ];
    await this.knex.transaction(async tx => {
      for (const batch of chunk(unique, ROWS_PER_STATEMENT)) {
        await tx<SummaryRow>('summaries')
          .insert(
            batch.map(s => ({
              series_id: s.seriesId,
              period: s.period,
              figures: JSON.stringify(s.figures),
              computed_at: s.computedAt.getTime(),
            })),
          )
          .onConflict(['series_id', 'period'])
          .merge(['figures', 'computed_at']);
      }
    });
  }

  async readSummaries(period: string): Promise<SeriesSummary[]> {
    const rows = await this.knex<SummaryRow>('summaries')
      .where('period', period)
      .orderBy('series_id');
    return rows.map(row => ({
      seriesId: Number(row.series_id),
      period: row.period,
      figures: JSON.parse(row.figures),
      computedAt: new Date(Number(row.computed_at)),
    }));
  }

  async prune(options: {
    minutesBefore: Date;
    hoursBefore: Date;
  }): Promise<void> {
    if (options.hoursBefore.getTime() > options.minutesBefore.getTime()) {
      throw new InputError(
        'Hours cannot be pruned later than minutes: an hour is kept at least as long as its minutes',
      );
    }
    const minutesBefore = floorTo(options.minutesBefore.getTime(), HOUR);
    const hoursBefore = floorTo(options.hoursBefore.getTime(), DAY);
    await this.knex.transaction(async tx => {
      // Raised first: from here on, writes below it add differences.
      await raiseWatermark(tx, 'minutes', minutesBefore);
      await raiseWatermark(tx, 'hours', hoursBefore);
      const ids = (await tx('series').pluck('id')).map(Number);
      // By series: the primary key (series_id, start) serves the range.
      for (const batch of chunk(ids, IDS_PER_STATEMENT)) {
        await tx('minutes')
          .whereIn('series_id', batch)
          .andWhere('start', '<', minutesBefore)
          .delete();
        await tx('hours')
          .whereIn('series_id', batch)
          .andWhere('start', '<', hoursBefore)
          .delete();
      }
    });
  }
}

async function readWatermarks(tx: Knex.Transaction): Promise<Watermarks> {
  const rows = await tx('watermarks').select('name', 'pruned_before');
  const of = (name: string) => {
    const row = rows.find(r => r.name === name);
    return row ? Number(row.pruned_before) : -Infinity;
  };
  return { minutes: of('minutes'), hours: of('hours') };
}

async function raiseWatermark(
  tx: Knex.Transaction,
  name: 'minutes' | 'hours',
  prunedBefore: number,
) {
  await tx('watermarks')
    .insert({ name, pruned_before: prunedBefore })
    .onConflict('name')
    .merge(['pruned_before'])
    .where('watermarks.pruned_before', '<', prunedBefore);
}

function minStart(list: Array<{ start: number }>): number | undefined {
  return list.length ? Math.min(...list.map(c => c.start)) : undefined;
}

function addTo(into: Map<string, CountValues>, values: CountValues) {
  const key = `${values.seriesId}:${values.start}`;
  const sum = into.get(key);
  if (sum) {
    sum.good += values.good;
    sum.total += values.total;
    sum.dataMinutes += values.dataMinutes;
  } else {
    into.set(key, { ...values });
  }
}

/** The stored rows at the given starts, by `seriesId:start`. */
async function readRows(
  tx: Knex.Transaction,
  table: CountTable,
  starts: Map<number, Array<{ start: number }>>,
): Promise<Map<string, CountBucket>> {
  const found = new Map<string, CountBucket>();
  for (const [seriesId, list] of starts) {
    const from = Math.min(...list.map(c => c.start));
    const to = Math.max(...list.map(c => c.start));
    const rows = await tx<CountRow>(table)
      .where('series_id', seriesId)
      .andWhere('start', '>=', from)
      .andWhere('start', '<=', to);
    for (const row of rows) {
      found.set(`${seriesId}:${Number(row.start)}`, toBucket(row, 0));
    }
  }
  return found;
}

function toRow(c: CountValues) {
  return {
    series_id: c.seriesId,
    start: c.start,
    good: c.good,
    total: c.total,
    data_minutes: c.dataMinutes,
  };
}

/** Inserts or replaces rows. */
async function putRows(
  tx: Knex.Transaction,
  table: CountTable,
  rows: CountValues[],
) {
  for (const batch of chunk(rows, ROWS_PER_STATEMENT)) {
    await tx(table)
      .insert(batch.map(toRow))
      .onConflict(['series_id', 'start'])
      .merge(['good', 'total', 'data_minutes']);
  }
}

/** Adds differences to rows, creating them when absent. */
async function addRows(
  tx: Knex.Transaction,
  table: CountTable,
  deltas: CountValues[],
) {
  const changed = deltas.filter(d => d.good || d.total || d.dataMinutes);
  for (const batch of chunk(changed, ROWS_PER_STATEMENT)) {
    await tx(table)
      .insert(batch.map(toRow))
      .onConflict(['series_id', 'start'])
      .merge({
        good: tx.raw('??.?? + excluded.??', [table, 'good', 'good']),
        total: tx.raw('??.?? + excluded.??', [table, 'total', 'total']),
        data_minutes: tx.raw('??.?? + excluded.??', [
          table,
          'data_minutes',
          'data_minutes',
        ]),
      });
  }
}

/**
 * Recomputes the coarse rows overlapping each series' range from the finer
 * rows, one INSERT ... SELECT per range and batch of series.
 */
async function recompute(
  tx: Knex.Transaction,
  source: 'minutes' | 'hours',
  target: 'hours' | 'days',
  width: number,
  ranges: Map<number, { from: number; to: number }>,
) {
  const dataMinutes = source === 'minutes' ? 'COUNT(*)' : 'SUM(data_minutes)';
  for (const group of groupIds(ranges, r => `${r.from}:${r.to}`)) {
    for (const ids of chunk(group.ids, IDS_PER_STATEMENT)) {
      await tx.raw(
        `INSERT INTO ?? (series_id, start, good, total, data_minutes)
         SELECT series_id, start - (start % ?) AS bucket, SUM(good), SUM(total), ${dataMinutes}
         FROM ??
         WHERE series_id IN (${ids.map(() => '?').join(', ')})
           AND start >= ? AND start < ?
         GROUP BY series_id, bucket
         ON CONFLICT (series_id, start) DO UPDATE SET
           good = excluded.good,
           total = excluded.total,
           data_minutes = excluded.data_minutes`,
        [target, width, source, ...ids, group.value.from, group.value.to],
      );
    }
  }
}

/** Moves cursors forward (never back) and the first data earlier. */
async function advanceSeries(
  tx: Knex.Transaction,
  updates: Array<{ seriesId: number; until: number; firstData?: number }>,
) {
  for (const group of groupIds(
    updates.map(u => [u.seriesId, u.until] as [number, number]),
    String,
  )) {
    for (const ids of chunk(group.ids, IDS_PER_STATEMENT)) {
      await tx('series')
        .whereIn('id', ids)
        .andWhere(q =>
          q
            .whereNull('collected_until')
            .orWhere('collected_until', '<', group.value),
        )
        .update({ collected_until: group.value });
    }
  }
  const firsts = updates.flatMap(u =>
    u.firstData === undefined
      ? []
      : [[u.seriesId, u.firstData] as [number, number]],
  );
  for (const group of groupIds(firsts, String)) {
    for (const ids of chunk(group.ids, IDS_PER_STATEMENT)) {
      await tx('series')
        .whereIn('id', ids)
        .andWhere(q =>
          q
            .whereNull('first_data_at')
            .orWhere('first_data_at', '>', group.value),
        )
        .update({ first_data_at: group.value });
    }
  }
}
