/*
 * Benchmark: the costs collector's Cost Explorer requests at a scale, for the
 * backfill (the first run on an empty store) and for one refresh (the next
 * run the ration allows, 8 hours later), by operation as the call counter
 * counts them (retries included: each is billed), against the sandbox's
 * page arithmetic and a per-entity approach (one GetCostAndUsage request per
 * entity per view), with the dollars per month at $0.01 a request.
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
  const world = await createBenchWorld({ scale, database: databaseKind });
  try {
    const today = world.now().toISOString().slice(0, 10);
    const { backfillMonths } = world.collectorConfig;

    // 1. The backfill.
    world.counter.reset();
    let t = performance.now();
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

    // 2. One refresh: the next run the ration allows.
    world.advance(8 * HOUR);
    world.counter.reset();
    t = performance.now();
    const refreshRun = await world.collect();
    const refreshSeconds = round((performance.now() - t) / 1000);
    const refreshCalls = byOperation(world.counter.snapshot());
    const refreshDay = world.now().toISOString().slice(0, 10);
    const refreshPeriods = costPeriods({
      today: refreshDay,
      backfillMonths,
      collectedUntil: (await world.store.readCursors()).get('prod')
        ?.collectedUntil,
    });
    const refreshOther =
      refreshRun.requests - (refreshCalls[GET_COST_AND_USAGE] ?? 0);

    // A month of refreshes: the open days of each day of this month
    // (the previous month too for its first days), by the same page
    // arithmetic, plus the forecasts and anomaly pages this refresh made.
    const month = monthOf(today);
    const monthDays = daysBetween(
      firstDayOf(month),
      firstDayOf(addMonths(month, 1)),
    );
    let monthRequests = 0;
    let fewest = Infinity;
    let most = 0;
    for (let d = 0; d < monthDays; d++) {
      const day = addDays(firstDayOf(month), d);
      const p = costPeriods({
        today: day,
        backfillMonths,
        collectedUntil: day,
      });
      const requests = pagesFor(daysBetween(p.from, p.to)) + refreshOther;
      fewest = Math.min(fewest, requests);
      most = Math.max(most, requests);
      monthRequests += requests * refreshesPerDay;
    }
    const averageRefresh = monthRequests / (monthDays * refreshesPerDay);
    const refreshesPerMonth = refreshesPerDay * DAYS_PER_MONTH;
    const collectorMonth = Math.round(averageRefresh * refreshesPerMonth);

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
          refresh: {
            at: world.now().toISOString(),
            openDays: daysBetween(refreshPeriods.from, refreshPeriods.to),
            requests: refreshRun.requests,
            calls: refreshCalls,
            pageArithmetic: {
              getCostAndUsage: pagesFor(
                daysBetween(refreshPeriods.from, refreshPeriods.to),
              ),
            },
            wallSeconds: refreshSeconds,
            overThisMonth: {
              fewest,
              most,
              average: round(averageRefresh),
            },
          },
          perMonth: {
            assumptions: `${refreshesPerDay} refreshes a day, ${entityViewsPerDay} entity views a day, ${DAYS_PER_MONTH}-day month, $${USD_PER_REQUEST} a request`,
            collector: {
              requests: collectorMonth,
              usd: usd(collectorMonth),
              backfillOnceUsd: usd(backfillRun.requests),
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
