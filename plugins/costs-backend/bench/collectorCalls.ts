/*
 * Benchmark: the costs collector's Cost Explorer requests at a scale, for the
 * backfill (the first run on an empty store, at 06:00 UTC today), for a
 * later refresh of the same day (the next run the ration allows, 8 hours
 * later: the recent days) and for the first refresh of the next day (the
 * open period again), by operation as the call counter counts them (retries
 * included: each is billed), against the sandbox's page arithmetic and a
 * per-entity approach (one GetCostAndUsage request per entity per view),
 * with the dollars per month at $0.01 a request.
 *
 *   yarn bench:collector [--scale 112] [--database sqlite|pg]
 *     [--refreshes-per-day 3] [--entity-views-per-day 200]
 */
import { costPeriods } from '../src/collectors/costPeriods';
import {
  addDays,
  addMonths,
  daysBetween,
  firstDayOf,
  monthOf,
} from '../src/database/costDays';
import {
  arg,
  byOperation,
  createBenchWorld,
  DatabaseKind,
  HOUR,
  machine,
  round,
  stringArg,
} from './createBenchWorld';

/** The sandbox's GetCostAndUsage page: groups per page, a whole day at least. */
const SANDBOX_GROUPS_PER_PAGE = 2_000;
const USD_PER_REQUEST = 0.01;
const DAYS_PER_MONTH = 30;
const GET_COST_AND_USAGE = 'CostExplorer:GetCostAndUsage';

const usd = (requests: number) =>
  Math.round(requests * USD_PER_REQUEST * 100) / 100;

async function main() {
  const scale = arg('scale', 112);
  const databaseKind = stringArg('database', 'sqlite') as DatabaseKind;
  const refreshesPerDay = arg('refreshes-per-day', 3);
  const entityViewsPerDay = arg('entity-views-per-day', 200);
  // 06:00 UTC today: the day's later refreshes fall on the same UTC day.
  const start = new Date();
  start.setUTCHours(6, 0, 0, 0);
  const world = await createBenchWorld({
    scale,
    database: databaseKind,
    now: start,
  });
  try {
    const today = world.now().toISOString().slice(0, 10);
    const { backfillMonths } = world.collectorConfig;

    // 1. The backfill.
    world.counter.reset();
    const t = performance.now();
    const backfillRun = await world.collect();
    const backfillSeconds = round((performance.now() - t) / 1000);
    const backfillCalls = byOperation(world.counter.snapshot());

    // The groups a day has per environment (component tag value × AWS
    // service): what the sandbox's pages are cut by.
    const periods = costPeriods({ today, backfillMonths });
    const rows = await world.store.readDays({
      from: periods.backfillStart,
      to: periods.to,
    });
    const groups = new Map<string, Set<string>>();
    for (const r of rows) {
      const set = groups.get(r.environment) ?? new Set();
      set.add(`${r.component}\0${r.awsService}`);
      groups.set(r.environment, set);
    }
    const daysPerPage = new Map(
      [...groups].map(([env, set]) => [
        env,
        Math.max(1, Math.floor(SANDBOX_GROUPS_PER_PAGE / set.size)),
      ]),
    );
    const pagesFor = (days: number) =>
      [...daysPerPage.values()].reduce(
        (n, perPage) => n + Math.ceil(days / perPage),
        0,
      );
    const backfillDays = daysBetween(periods.backfillStart, periods.to);
    const storedDays = new Set(rows.map(r => r.day));
    const firstStoredDay = [...storedDays].sort()[0];

    // 2. The day's later refreshes (the next runs the ration allows), then
    // the next day's first.
    const refresh = async () => {
      world.counter.reset();
      const at = world.now().toISOString();
      const began = performance.now();
      const run = await world.collect();
      const wallSeconds = round((performance.now() - began) / 1000);
      const calls = byOperation(world.counter.snapshot());
      const cursor = (await world.store.readCursors()).get('prod');
      return { at, run, calls, wallSeconds, cursor };
    };
    world.advance(8 * HOUR);
    const later = await refresh();
    world.advance(16 * HOUR);
    const nextDay = await refresh();
    const describe = (r: typeof later, p: ReturnType<typeof costPeriods>) => ({
      at: r.at,
      reads: p.readsOpenPeriod ? 'the open period' : 'the recent days',
      days: daysBetween(p.from, p.to),
      requests: r.run.requests,
      calls: r.calls,
      pageArithmetic: {
        getCostAndUsage: pagesFor(daysBetween(p.from, p.to)),
      },
      wallSeconds: r.wallSeconds,
    });
    const laterPeriods = costPeriods({
      today: later.at.slice(0, 10),
      backfillMonths,
      collectedUntil: later.cursor?.collectedUntil,
      openPeriodReadOn: later.at.slice(0, 10),
    });
    const nextDayPeriods = costPeriods({
      today: nextDay.at.slice(0, 10),
      backfillMonths,
      collectedUntil: later.cursor?.collectedUntil,
      openPeriodReadOn: later.at.slice(0, 10),
    });
    // Forecasts and anomaly pages: what every refresh adds to its pages.
    const refreshOther =
      later.run.requests - (later.calls[GET_COST_AND_USAGE] ?? 0);

    // A month of refreshes by the same page arithmetic: each day's first
    // refresh reads the open period (the previous month too for its first
    // days), its others the recent days; each adds the forecasts and
    // anomaly pages a refresh makes.
    const month = monthOf(today);
    const monthDays = daysBetween(
      firstDayOf(month),
      firstDayOf(addMonths(month, 1)),
    );
    let monthRequests = 0;
    let fewestDay = Infinity;
    let mostDay = 0;
    for (let d = 0; d < monthDays; d++) {
      const day = addDays(firstDayOf(month), d);
      const open = costPeriods({
        today: day,
        backfillMonths,
        collectedUntil: day,
      });
      const recent = costPeriods({
        today: day,
        backfillMonths,
        collectedUntil: open.openStart,
        openPeriodReadOn: day,
      });
      const requests =
        pagesFor(daysBetween(open.from, open.to)) +
        (refreshesPerDay - 1) * pagesFor(daysBetween(recent.from, recent.to)) +
        refreshesPerDay * refreshOther;
      fewestDay = Math.min(fewestDay, requests);
      mostDay = Math.max(mostDay, requests);
      monthRequests += requests;
    }
    const averageDay = monthRequests / monthDays;
    const collectorMonth = Math.round(averageDay * DAYS_PER_MONTH);
    // What reading the open period on every refresh (before) would cost.
    let everyRefreshOpen = 0;
    for (let d = 0; d < monthDays; d++) {
      const day = addDays(firstDayOf(month), d);
      const open = costPeriods({
        today: day,
        backfillMonths,
        collectedUntil: day,
      });
      everyRefreshOpen +=
        refreshesPerDay *
        (pagesFor(daysBetween(open.from, open.to)) + refreshOther);
    }
    const everyRefreshOpenMonth = Math.round(
      (everyRefreshOpen / monthDays) * DAYS_PER_MONTH,
    );

    // The per-entity approach: a request per entity per view.
    const entities = world.server.scenario.components.length;
    const perEntityMonth = entityViewsPerDay * DAYS_PER_MONTH;

    console.log(
      JSON.stringify(
        {
          benchmark: 'costs collector: Cost Explorer requests',
          machine: machine(),
          scale,
          components: entities,
          environments: world.environments.list().map(e => e.name),
          database: databaseKind,
          sandbox: {
            today,
            history: `${storedDays.size} days stored, from ${firstStoredDay}`,
            groupsPerDay: Object.fromEntries(
              [...groups].map(([env, set]) => [env, set.size]),
            ),
            daysPerPage: Object.fromEntries(daysPerPage),
          },
          backfill: {
            months: backfillMonths,
            from: periods.backfillStart,
            days: backfillDays,
            requests: backfillRun.requests,
            calls: backfillCalls,
            pageArithmetic: {
              getCostAndUsage: pagesFor(backfillDays),
              'for 13 months (the most Cost Explorer keeps)': pagesFor(
                daysBetween(
                  costPeriods({ today, backfillMonths: 13 }).backfillStart,
                  periods.to,
                ),
              ),
            },
            rows: rows.length,
            wallSeconds: backfillSeconds,
          },
          laterRefresh: describe(later, laterPeriods),
          nextDayFirstRefresh: describe(nextDay, nextDayPeriods),
          overThisMonth: {
            requestsPerDay: {
              fewest: fewestDay,
              most: mostDay,
              average: round(averageDay),
            },
          },
          perMonth: {
            assumptions: `${refreshesPerDay} refreshes a day, ${entityViewsPerDay} entity views a day, ${DAYS_PER_MONTH}-day month, $${USD_PER_REQUEST} a request`,
            collector: {
              requests: collectorMonth,
              usd: usd(collectorMonth),
              backfillOnceUsd: usd(backfillRun.requests),
            },
            'collector reading the open period on every refresh': {
              requests: everyRefreshOpenMonth,
              usd: usd(everyRefreshOpenMonth),
            },
            perEntity: {
              requests: perEntityMonth,
              usd: usd(perEntityMonth),
              'one portfolio view (every entity)': {
                requests: entities,
                usd: usd(entities),
              },
            },
          },
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
