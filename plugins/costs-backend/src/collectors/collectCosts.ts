import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { AwsTarget, ShipyardEnvironment } from '@internal/plugin-aws-common';
import {
  AwsCallCounter,
  AwsClientFactory,
  AwsServiceUnavailableError,
  ShipyardEnvironments,
  mapAwsError,
} from '@internal/plugin-aws-node';
import { CostDay, CostsStore, StoredAnomaly } from '../database/CostsStore';
import {
  addDays,
  addMonths,
  dayOf,
  firstDayOf,
  monthOf,
} from '../database/costDays';
import { costPeriods, nextCursor } from './costPeriods';
import {
  environmentCostFilter,
  fallbackAccounts,
} from './environmentCostFilter';
import { linkAnomaly } from './linkAnomaly';
import { CostsCollectorConfig } from './readCostsCollectorConfig';
import { readDailyCosts } from './readDailyCosts';

/** Cost Explorer has one endpoint, in us-east-1, whatever the account's regions. */
export const COST_EXPLORER_REGION = 'us-east-1';
/** How far back anomalies are read on each refresh. */
const ANOMALY_DAYS = 90;
/** The client factory's name for Cost Explorer calls (the client class, without `Client`). */
const COST_EXPLORER_SERVICE = 'CostExplorer';

/** What one run of the costs collector did. */
export interface CostsCollection {
  /** False when the ration allowed no refresh now: nothing was requested. */
  refreshed: boolean;
  /** Cost Explorer requests this run made (SDK attempts, retries included). */
  requests: number;
}

/** Where Cost Explorer is called for an environment. */
function costExplorerTarget(
  environment: ShipyardEnvironment,
  payerAccountId: string | undefined,
): AwsTarget | undefined {
  const accountId = payerAccountId ?? environment.accounts[0]?.accountId;
  return accountId ? { accountId, region: COST_EXPLORER_REGION } : undefined;
}

/** Throttled, or Cost Explorer failing: further requests would be billed for nothing. */
function stopsTheRun(error: unknown): boolean {
  return mapAwsError(error) instanceof AwsServiceUnavailableError;
}

/**
 * One refresh of the costs collector, when the ration allows it
 * (`minRefreshIntervalMs` since the last refresh of any replica): for each
 * environment in turn, the daily unblended cost by component tag value and
 * AWS service up to today (see costPeriods: the whole backfill on its first
 * run, from its cursor or its open days on the first refresh of a UTC day,
 * the recent days on the day's others), stored by complete days after each
 * page; then its
 * forecast for the rest of the month; then the anomalies of the last 90
 * days, linked to a component from the stored costs. Every Cost Explorer
 * request is added to the month's count as it is made.
 *
 * Throttling (or Cost Explorer failing) stops the run: what was read stays,
 * by complete days, and the next refresh resumes from the cursor, reading
 * no stored final day again. Other failures of one environment (e.g. access
 * denied) do not stop the others; the run then fails naming them.
 */
export async function collectCosts(deps: {
  environments: ShipyardEnvironments;
  clientFactory: AwsClientFactory;
  callCounter: AwsCallCounter;
  store: CostsStore;
  logger: LoggerService;
  config: Omit<CostsCollectorConfig, 'schedule'>;
  signal?: AbortSignal;
  /** The clock. */
  now?: () => Date;
}): Promise<CostsCollection> {
  const { store, logger, signal, config } = deps;
  const clock = deps.now ?? (() => new Date());
  const startedAt = clock();
  const claim = await store.claimRefresh({
    now: startedAt,
    minIntervalMs: config.minRefreshIntervalMs,
  });
  if (!claim) {
    logger.info(
      `Costs not refreshed: the last refresh started less than ${Math.round(
        config.minRefreshIntervalMs / 60_000,
      )} minutes ago (shipyard.costs.refreshesPerDay ${
        config.refreshesPerDay
      })`,
    );
    return { refreshed: false, requests: 0 };
  }

  const scope = deps.callCounter.createScope();
  let recorded = 0;
  const requestsSoFar = () =>
    scope
      .snapshot()
      .filter(c => c.service === COST_EXPLORER_SERVICE)
      .reduce((n, c) => n + c.count + c.retries, 0);
  // Added as they are made, so that a replica stopped mid-run has counted
  // what it spent, and each request is added once.
  const recordRequests = async () => {
    const made = requestsSoFar();
    if (made > recorded) {
      await store.addApiRequests(monthOf(dayOf(clock())), made - recorded);
      recorded = made;
    }
  };

  const today = dayOf(startedAt);
  const environments = deps.environments.list();
  const environmentNames = environments.map(e => e.name);
  const accountsOf = fallbackAccounts(environments);
  const cursors = await store.readCursors();
  const failures: string[] = [];
  let stopped: string | undefined;
  let backfillStart: CostDay | undefined;

  const client = (target: AwsTarget) =>
    deps.clientFactory.getClient(CostExplorerClient, target);

  const fail = (what: string, error: unknown) => {
    if (signal?.aborted) {
      throw error;
    }
    const message = `${what}: ${stringifyError(mapAwsError(error))}`;
    failures.push(message);
    if (stopsTheRun(error)) {
      stopped = message;
      logger.warn(
        `Stopping this costs refresh; what was read is stored and the next refresh resumes there. ${message}`,
      );
    } else {
      logger.error(message);
    }
  };

  try {
    await scope.run(async () => {
      for (const environment of environments) {
        if (stopped) {
          break;
        }
        signal?.throwIfAborted();
        const target = costExplorerTarget(environment, config.payerAccountId);
        if (!target) {
          continue;
        }
        const cursor = cursors.get(environment.name);
        const periods = costPeriods({
          today,
          backfillMonths: config.backfillMonths,
          collectedUntil: cursor?.collectedUntil,
          openPeriodReadOn: cursor?.openPeriodReadOn,
        });
        backfillStart = periods.backfillStart;
        const filter = environmentCostFilter({
          environment: environment.name,
          environmentNames,
          environmentTagKey: config.tagKeys.environment,
          accounts: accountsOf.get(environment.name) ?? [],
        });
        let firstEstimated: CostDay | undefined;
        let storedRows = 0;
        try {
          await readDailyCosts({
            client: client(target),
            environment: environment.name,
            componentTagKey: config.tagKeys.component,
            filter,
            from: periods.from,
            to: periods.to,
            signal,
            store: async slice => {
              firstEstimated ??= slice.firstEstimated;
              // Only a read from the cursor moves it (a read of the recent
              // days says nothing of the days before them), and only its
              // last slice, up to today, completes the open period.
              await store.writeDays({
                environment: environment.name,
                from: slice.from,
                to: slice.to,
                rows: slice.rows,
                ...(periods.readsOpenPeriod && {
                  collectedUntil: nextCursor({
                    storedUntil: slice.to,
                    openStart: periods.openStart,
                    firstEstimated,
                  }),
                  ...(slice.to === periods.to && { openPeriodReadOn: today }),
                }),
                now: clock(),
              });
              storedRows += slice.rows.length;
              await recordRequests();
            },
          });
          logger.info(
            `Stored ${storedRows} daily costs of ${environment.name} from ${
              periods.from
            } to ${today} (${
              periods.readsOpenPeriod
                ? 'the open period'
                : 'the recent days; the open period was read today'
            })`,
          );
        } catch (error) {
          fail(`Costs of ${environment.name}`, error);
          continue;
        }

        try {
          await readForecast(environment.name, target, filter);
        } catch (error) {
          fail(`Forecast of ${environment.name}`, error);
        }
      }

      if (!stopped && backfillStart) {
        await readAnomalies(backfillStart);
      }
    });
  } finally {
    await recordRequests();
    await store.finishRefresh(claim.id, {
      finishedAt: clock(),
      succeeded: failures.length === 0,
    });
  }

  if (backfillStart) {
    // A month before the backfill stays, for comparisons with the previous period.
    await store.pruneBefore(firstDayOf(addMonths(monthOf(backfillStart), -1)));
  }
  if (failures.length) {
    throw new Error(
      `Costs refresh incomplete; what was read is stored and the next refresh resumes from there. ${failures.join(
        '; ',
      )}`,
    );
  }
  return { refreshed: true, requests: recorded };

  async function readForecast(
    environment: string,
    target: AwsTarget,
    filter: ReturnType<typeof environmentCostFilter>,
  ) {
    const to = firstDayOf(addMonths(monthOf(today), 1));
    let output;
    try {
      output = await client(target).send(
        new GetCostForecastCommand({
          TimePeriod: { Start: today, End: to },
          Metric: 'UNBLENDED_COST',
          Granularity: 'MONTHLY',
          Filter: filter,
          PredictionIntervalLevel: 80,
        }),
        { abortSignal: signal },
      );
    } catch (error) {
      // Too little history to forecast (a new account): not a failure.
      if ((error as Error)?.name === 'DataUnavailableException') {
        logger.info(`No cost forecast for ${environment} yet: too little data`);
        return;
      }
      throw error;
    } finally {
      await recordRequests();
    }
    const results = output.ForecastResultsByTime ?? [];
    const sum = (pick: (r: (typeof results)[number]) => string | undefined) =>
      results.reduce((n, r) => n + Number(pick(r) ?? 0), 0);
    await store.writeForecast({
      environment,
      month: monthOf(today),
      from: today,
      to,
      mean: Number(output.Total?.Amount ?? sum(r => r.MeanValue)),
      low: sum(r => r.PredictionIntervalLowerBound),
      high: sum(r => r.PredictionIntervalUpperBound),
      currency: output.Total?.Unit ?? 'USD',
      computedAt: clock(),
    });
  }

  async function readAnomalies(oldest: CostDay) {
    let startDate = addDays(today, -ANOMALY_DAYS);
    if (startDate < oldest) {
      startDate = oldest;
    }
    // One monitor per account that Cost Explorer is called in.
    const targets = new Map<string, { target: AwsTarget; envs: string[] }>();
    for (const environment of environments) {
      const target = costExplorerTarget(environment, config.payerAccountId);
      if (!target) {
        continue;
      }
      const entry = targets.get(target.accountId) ?? { target, envs: [] };
      entry.envs.push(environment.name);
      targets.set(target.accountId, entry);
    }
    for (const { target, envs } of targets.values()) {
      if (stopped) {
        return;
      }
      const anomalies: StoredAnomaly[] = [];
      try {
        let token: string | undefined;
        do {
          signal?.throwIfAborted();
          let output;
          try {
            output = await client(target).send(
              new GetAnomaliesCommand({
                DateInterval: { StartDate: startDate, EndDate: today },
                NextPageToken: token,
              }),
              { abortSignal: signal },
            );
          } finally {
            await recordRequests();
          }
          for (const anomaly of output.Anomalies ?? []) {
            const cause = anomaly.RootCauses?.[0];
            const start = anomaly.AnomalyStartDate?.slice(0, 10);
            if (!anomaly.AnomalyId || !start) {
              continue;
            }
            const end = anomaly.AnomalyEndDate?.slice(0, 10);
            const billedTo = cause?.LinkedAccount
              ? environments
                  .filter(e =>
                    e.accounts.some(a => a.accountId === cause.LinkedAccount),
                  )
                  .map(e => e.name)
              : envs;
            const awsService = cause?.Service ?? anomaly.DimensionValue;
            const link = await linkAnomaly({
              store,
              environments: billedTo,
              awsService,
              start,
              end: end ?? today,
            });
            const environment = link?.environment ?? billedTo[0];
            if (!environment) {
              // Billed to an account no environment lists: not Shipyard's.
              continue;
            }
            anomalies.push({
              id: anomaly.AnomalyId,
              environment,
              start,
              ...(end !== undefined && { end }),
              impact: anomaly.Impact?.TotalImpact ?? 0,
              // Cost Explorer reports anomaly impact in US dollars.
              currency: 'USD',
              ...(link && { component: link.component }),
              ...(awsService !== undefined && { awsService }),
              ...(cause?.LinkedAccount !== undefined && {
                accountId: cause.LinkedAccount,
              }),
              ...(cause?.Region !== undefined && { region: cause.Region }),
              ...(cause?.UsageType !== undefined && {
                usageType: cause.UsageType,
              }),
            });
          }
          token = output.NextPageToken || undefined;
        } while (token);
      } catch (error) {
        fail(`Anomalies of account ${target.accountId}`, error);
      }
      await store.writeAnomalies(anomalies);
    }
  }
}
