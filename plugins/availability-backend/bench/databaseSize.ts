/*
 * Benchmark: database size per series (service × environment) at the
 * retention defaults, on SQLite and PostgreSQL.
 *
 * Per database: the collector backfills the sandbox at `scale` with the
 * default 90 days (per hour, then per minute for the last 14 days) into the
 * real store, the summarizer writes incidents and summaries, and the
 * collector's own pruning leaves 3 days of minutes and 95 days of hours.
 * After VACUUM, each table's bytes (with its primary key and indexes) are
 * divided by its rows, and the bytes per row give the footprint of one
 * series: minutes and hours at their retention (a constant), days growing
 * by a month's rows each month, summaries and incidents.
 *
 *   yarn bench:database-size [--scale 2] [--databases sqlite,pg]
 */
import {
  arg,
  createBenchWorld,
  databasesArg,
  DEFAULTS,
  DAY,
  HOUR,
  machine,
  MINUTE,
  round,
} from './createBenchWorld';

const MONTH_DAYS = 365.25 / 12;

async function main() {
  const scale = arg('scale', 2);
  const results: Record<string, unknown> = {};
  for (const database of databasesArg()) {
    const world = await createBenchWorld({ scale, database });
    try {
      const t = performance.now();
      await world.collect({
        backfillMs: DEFAULTS.backfillMs,
        afterCycle: async cycle =>
          world.summarizer.summarize(cycle.series.map(s => s.id)),
      });
      const backfillSeconds = round((performance.now() - t) / 1000);
      const beforeVacuum = await world.database.tableBytes();
      await world.database.vacuum();
      const bytes = await world.database.tableBytes();
      console.error(JSON.stringify({ database, beforeVacuum, bytes }));
      const knex = world.database.knex;
      const count = async (table: string) =>
        Number((await knex(table).count({ n: '*' }))[0].n);
      const tables = [
        'series',
        'minutes',
        'hours',
        'days',
        'incidents',
        'summaries',
      ];
      const series = await count('series');
      const perRow: Record<string, number> = {};
      const table: Record<string, unknown> = {};
      for (const name of tables) {
        const rows = await count(name);
        // SQLite lists the primary key's index apart (sqlite_autoindex_...).
        const total = Object.entries(bytes)
          .filter(
            ([k]) => k === name || k.startsWith(`sqlite_autoindex_${name}_`),
          )
          .reduce((sum, [, b]) => sum + b, 0);
        perRow[name] = rows ? total / rows : 0;
        table[name] = { rows, bytes: total, bytesPerRow: round(perRow[name]) };
      }
      // One series at the retention defaults.
      const minuteRows = DEFAULTS.minuteRetentionMs / MINUTE;
      const hourRows = DEFAULTS.hourRetentionMs / HOUR;
      const steady =
        minuteRows * perRow.minutes +
        hourRows * perRow.hours +
        ((await count('summaries')) / series) * perRow.summaries +
        perRow.series;
      const dayMonth = MONTH_DAYS * perRow.days;
      results[database] = {
        series,
        backfillSeconds,
        tables: table,
        perSeries: {
          [`minutes (${minuteRows} rows kept)`]: Math.round(
            minuteRows * perRow.minutes,
          ),
          [`hours (${hourRows} rows kept)`]: Math.round(
            hourRows * perRow.hours,
          ),
          'summaries, series row':
            Math.round(steady) -
            Math.round(minuteRows * perRow.minutes) -
            Math.round(hourRows * perRow.hours),
          'steady footprint (does not grow)': Math.round(steady),
          'days: growth per month': Math.round(dayMonth),
          'after 15 months': Math.round(steady + 15 * dayMonth),
        },
        [`3,024 series after 15 months (MB)`]: round(
          (3024 * (steady + 15 * dayMonth)) / 2 ** 20,
        ),
      };
      console.error(
        JSON.stringify({ database, ...(results[database] as object) }),
      );
    } finally {
      await world.close();
    }
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'availability database size per series',
        machine: machine(),
        scale,
        retention: {
          minutesDays: DEFAULTS.minuteRetentionMs / DAY,
          hoursDays: DEFAULTS.hourRetentionMs / DAY,
          days: 'for ever',
        },
        results,
      },
      null,
      2,
    ),
  );
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
