/*
 * Benchmark: the summarizer's time per collection cycle for every series of
 * the sandbox at `scale` (3,024 at 112), on SQLite or PostgreSQL.
 *
 * The collector first backfills `backfill-days` into the real store (3 days,
 * the minute retention, by default: the minutes a steady-state cycle reads
 * for the 3-day burn rate and the incidents), and that write is timed. Then
 * the summarizer runs `runs` times over all series as after each cycle, on
 * the same store wrapped to time its calls: the buckets read, the incident
 * reads and writes, the summary writes; the rest is computing in process.
 *
 *   yarn bench:summarizer [--scale 112] [--backfill-days 3] [--runs 3]
 *     [--databases sqlite,pg]
 */
import { AvailabilityStore } from '../src/database/AvailabilityStore';
import { AvailabilitySummarizer } from '../src/service/AvailabilitySummarizer';
import {
  arg,
  createBenchWorld,
  databasesArg,
  DAY,
  machine,
  round,
} from './createBenchWorld';

/** `store` with the time spent in each method added up. */
function timedStore(store: AvailabilityStore) {
  const ms: Record<string, number> = {};
  const calls: Record<string, number> = {};
  const wrapper: AvailabilityStore = Object.create(store);
  for (const name of [
    'listSeries',
    'readBuckets',
    'listIncidents',
    'replaceIncidents',
    'writeSummaries',
  ] as const) {
    const original = (store[name] as Function).bind(store);
    (wrapper as any)[name] = async (...args: unknown[]) => {
      const t = performance.now();
      try {
        return await original(...args);
      } finally {
        ms[name] = (ms[name] ?? 0) + performance.now() - t;
        calls[name] = (calls[name] ?? 0) + 1;
      }
    };
  }
  return { wrapper, ms, calls };
}

async function main() {
  const scale = arg('scale', 112);
  const backfillDays = arg('backfill-days', 3);
  const runs = arg('runs', 3);
  const results: Record<string, unknown> = {};
  for (const database of databasesArg()) {
    const world = await createBenchWorld({ scale, database });
    try {
      let minuteRows = 0;
      let writeMs = 0;
      const counting: AvailabilityStore = Object.create(world.store);
      counting.writeMinutes = async batch => {
        for (const b of batch) minuteRows += b.minutes.length;
        const t = performance.now();
        await world.store.writeMinutes(batch);
        writeMs += performance.now() - t;
      };
      const t0 = performance.now();
      await world.collect({ backfillMs: backfillDays * DAY, store: counting });
      const backfill = {
        days: backfillDays,
        minuteRows,
        wallSeconds: round((performance.now() - t0) / 1000),
        writeMinutesSeconds: round(writeMs / 1000),
        minuteRowsPerSecondWritten: Math.round(minuteRows / (writeMs / 1000)),
      };
      console.error(JSON.stringify({ database, backfill }));

      const ids = (await world.store.listSeries()).map(s => s.id);
      const cycles = [];
      for (let i = 0; i < runs; i++) {
        const timed = timedStore(world.store);
        const summarizer = AvailabilitySummarizer.create({
          store: timed.wrapper,
          catalog: world.catalog,
          auth: world.auth,
          environments: world.environments,
          objectives: world.objectives,
          logger: world.logger,
        });
        const t = performance.now();
        await summarizer.summarize(ids);
        const total = performance.now() - t;
        const inStore = Object.values(timed.ms).reduce((a, b) => a + b, 0);
        cycles.push({
          seconds: round(total / 1000),
          storeSeconds: Object.fromEntries(
            Object.entries(timed.ms).map(([k, v]) => [k, round(v / 1000)]),
          ),
          storeCalls: timed.calls,
          computeSeconds: round((total - inStore) / 1000),
        });
        console.error(JSON.stringify({ database, cycle: cycles[i] }));
      }
      results[database] = { series: ids.length, backfill, cycles };
    } finally {
      await world.close();
    }
  }
  console.log(
    JSON.stringify(
      {
        benchmark: 'availability summarizer, one cycle over every series',
        machine: machine(),
        scale,
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
