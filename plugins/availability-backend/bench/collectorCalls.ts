/*
 * Benchmark: the availability collector's CloudWatch calls and wall time at a
 * scale, against the batching floor computed from the series it measures.
 *
 *  1. The backfill: the first cycle on an empty store, reading `backfill-days`
 *     back (per hour beyond CloudWatch's last 14 days of 1-minute data, per
 *     minute within them). With `--write none` the counts are read and
 *     counted but not stored (only the cursors advance), which measures the
 *     CloudWatch side of a backfill too large to store in one run here.
 *  2. `cycles` incremental cycles, the sandbox clock moved 5 minutes (the
 *     default interval) before each, each with the summarizer as plugin.ts
 *     wires it (afterCycle) and the retention pruning.
 *
 *   yarn bench:collector [--scale 112] [--backfill-days 90] [--write all|none]
 *     [--database sqlite|pg] [--cycles 3]
 */
import { AWS_LIMITS } from '@internal/plugin-aws-node';
import {
  AvailabilitySeries,
  AvailabilityStore,
  SliSource,
} from '../src/database/AvailabilityStore';
import {
  arg,
  byOperation,
  createBenchWorld,
  DatabaseKind,
  DAY,
  HOUR,
  machine,
  MINUTE,
  round,
  stringArg,
} from './createBenchWorld';

const MINUTE_DATA_MS = 14 * DAY; // collectAvailability's
const SETTLE_MS = 2 * MINUTE;

function queriesOf(source: SliSource) {
  const perTarget = new Map<string, number>();
  const add = (accountId: string, region: string, n: number) => {
    const key = `${accountId}/${region}`;
    perTarget.set(key, (perTarget.get(key) ?? 0) + n);
  };
  if (source.kind === 'requests') {
    // RequestCount, HTTPCode_Target_5XX_Count, HTTPCode_ELB_5XX_Count
    source.targetGroups.forEach(tg => add(tg.accountId, tg.region, 3));
  } else {
    // ECS: desired and running; EKS: running pods
    source.workloads.forEach(w =>
      add(w.accountId, w.region, w.runtime === 'ecs' ? 2 : 1),
    );
  }
  return perTarget;
}

/**
 * Per account and region: series, queries, and the fewest GetMetricData
 * calls for `points` datapoints per query (500 queries and 100,800
 * datapoints per call).
 */
function floorOf(series: AvailabilitySeries[], points: number) {
  const targets = new Map<string, { series: number; queries: number }>();
  for (const s of series) {
    for (const [key, n] of queriesOf(s.source)) {
      const t = targets.get(key) ?? { series: 0, queries: 0 };
      t.series += 1;
      t.queries += n;
      targets.set(key, t);
    }
  }
  let calls = 0;
  let bySeries = 0;
  let queries = 0;
  for (const t of targets.values()) {
    queries += t.queries;
    bySeries += Math.ceil(t.series / AWS_LIMITS.cloudWatchGetMetricDataQueries);
    calls += Math.max(
      Math.ceil(t.queries / AWS_LIMITS.cloudWatchGetMetricDataQueries),
      Math.ceil(
        (t.queries * points) / AWS_LIMITS.cloudWatchGetMetricDataDatapoints,
      ),
    );
  }
  return {
    accountRegions: targets.size,
    queries,
    /** ceil(queries / 500) per account and region, or the datapoints' bound. */
    calls,
    /** The ceil(series / 500) per account and region. */
    bySeries,
  };
}

/** Delegates to `store` but stores no counts: only the cursors advance. */
function countingOnly(store: AvailabilityStore) {
  const rows = { minutes: 0, hours: 0 };
  const wrapper: AvailabilityStore = Object.create(store);
  wrapper.writeMinutes = async batch => {
    for (const b of batch) rows.minutes += b.minutes.length;
    await store.writeMinutes(batch.map(b => ({ ...b, minutes: [] })));
  };
  wrapper.writeHours = async batch => {
    for (const b of batch) rows.hours += b.hours.length;
    await store.writeHours(batch.map(b => ({ ...b, hours: [] })));
  };
  return { wrapper, rows };
}

/** Counts rows and times the writes of `store`. */
function timed(store: AvailabilityStore) {
  const stats = { minutes: 0, hours: 0, writeMs: 0 };
  const wrapper: AvailabilityStore = Object.create(store);
  wrapper.writeMinutes = async batch => {
    for (const b of batch) stats.minutes += b.minutes.length;
    const t = performance.now();
    await store.writeMinutes(batch);
    stats.writeMs += performance.now() - t;
  };
  wrapper.writeHours = async batch => {
    for (const b of batch) stats.hours += b.hours.length;
    const t = performance.now();
    await store.writeHours(batch);
    stats.writeMs += performance.now() - t;
  };
  return { wrapper, stats };
}

async function main() {
  const scale = arg('scale', 112);
  const backfillDays = arg('backfill-days', 90);
  const cycles = arg('cycles', 3);
  const write = stringArg('write', 'all');
  const databaseKind = stringArg('database', 'pg') as DatabaseKind;
  const world = await createBenchWorld({ scale, database: databaseKind });
  try {
    // 1. The backfill.
    const nowMs = world.now().getTime();
    const end = nowMs - (nowMs % MINUTE) - SETTLE_MS;
    const backfillStart =
      nowMs - backfillDays * DAY - ((nowMs - backfillDays * DAY) % HOUR);
    const minuteStart = Math.max(
      backfillStart,
      nowMs - (nowMs % HOUR) - MINUTE_DATA_MS,
    );
    world.counter.reset();
    const counting = countingOnly(world.store);
    const timing = timed(world.store);
    const t0 = performance.now();
    await world.collect({
      backfillMs: backfillDays * DAY,
      store: write === 'none' ? counting.wrapper : timing.wrapper,
    });
    const backfillMs = performance.now() - t0;
    const backfillCalls = byOperation(world.counter.snapshot());
    const series = await world.store.listSeries();
    const hourPoints = (minuteStart - backfillStart) / HOUR;
    const minutePoints = (end - minuteStart) / MINUTE;
    const hourFloor = floorOf(series, hourPoints);
    const minuteFloor = floorOf(series, minutePoints);
    const cycleFloor = floorOf(series, 10); // 5 minutes + the 5 read again
    const bySli = { requests: 0, health: 0 };
    for (const s of series) bySli[s.sli] += 1;
    const backfill = {
      days: backfillDays,
      perHour: `${round(
        hourPoints / 24,
      )} days (${hourPoints} points per query)`,
      perMinute: `${round(
        minutePoints / 1440,
        2,
      )} days (${minutePoints} points per query)`,
      stored: write === 'none' ? 'counts read, not stored' : 'stored',
      rows:
        write === 'none'
          ? counting.rows
          : { minutes: timing.stats.minutes, hours: timing.stats.hours },
      storeWriteSeconds:
        write === 'none' ? undefined : round(timing.stats.writeMs / 1000),
      calls: backfillCalls,
      getMetricData: backfillCalls['CloudWatch:GetMetricData'] ?? 0,
      floor: {
        getMetricData:
          hourFloor.calls * (hourPoints > 0 ? 1 : 0) + minuteFloor.calls,
        perHourPart: hourPoints > 0 ? hourFloor.calls : 0,
        perMinutePart: minuteFloor.calls,
      },
      wallSeconds: round(backfillMs / 1000),
    };
    console.error(JSON.stringify({ backfill }, null, 2));

    // 2. Incremental cycles, with the summarizer after each.
    const incremental = [];
    for (let i = 0; i < cycles; i++) {
      world.advance(5 * MINUTE);
      world.counter.reset();
      const cycleTiming = timed(world.store);
      let summarizeMs = 0;
      const t = performance.now();
      await world.collect({
        store: cycleTiming.wrapper,
        afterCycle: async cycle => {
          const s = performance.now();
          await world.summarizer.summarize(cycle.series.map(x => x.id));
          summarizeMs = performance.now() - s;
        },
      });
      const wall = performance.now() - t;
      const calls = byOperation(world.counter.snapshot());
      incremental.push({
        calls,
        getMetricData: calls['CloudWatch:GetMetricData'] ?? 0,
        rows: {
          minutes: cycleTiming.stats.minutes,
          hours: cycleTiming.stats.hours,
        },
        wallSeconds: round(wall / 1000),
        storeWriteSeconds: round(cycleTiming.stats.writeMs / 1000),
        summarizeSeconds: round(summarizeMs / 1000),
      });
      console.error(JSON.stringify(incremental[i]));
    }

    console.log(
      JSON.stringify(
        {
          benchmark: 'availability collector: CloudWatch calls and wall time',
          machine: machine(),
          scale,
          components: world.server.scenario.components.length,
          database: databaseKind,
          series: series.length,
          bySli,
          accountRegions: cycleFloor.accountRegions,
          queriesPerRead: cycleFloor.queries,
          cycleFloor: {
            getMetricData: cycleFloor.calls,
            'ceil(series / 500) per account and region': cycleFloor.bySeries,
          },
          backfill,
          incremental,
        },
        null,
        2,
      ),
    );
  } finally {
    await world.close();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
