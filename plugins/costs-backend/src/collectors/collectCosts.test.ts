import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandInput,
  GetCostForecastCommand,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import { mockClient } from 'aws-sdk-client-mock';
import { sandboxPortalConfig } from 'sandbox';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { addDays, dayOf } from '../database/costDays';
import { DefaultCostsStore } from '../database/DefaultCostsStore';
import { collectCosts } from './collectCosts';
import { readCostsCollectorConfig } from './readCostsCollectorConfig';

jest.setTimeout(60_000);

const HOUR = 3600_000;
const NOW = new Date('2026-12-10T12:00:00Z');
const TODAY = dayOf(NOW);
const TAG = 'shipyard:component';

/** Per day: checkout-api's ECS cost, and an untagged NAT gateway. */
function dayResult(day: string, today: string): ResultByTime {
  return {
    TimePeriod: { Start: day, End: addDays(day, 1) },
    Total: {},
    Estimated: day >= today,
    Groups: [
      {
        Keys: [`${TAG}$checkout-api`, 'Amazon Elastic Container Service'],
        Metrics: { UnblendedCost: { Amount: '1.25', Unit: 'USD' } },
      },
      {
        Keys: [`${TAG}$`, 'EC2 - Other'],
        Metrics: { UnblendedCost: { Amount: '0.5', Unit: 'USD' } },
      },
      {
        Keys: [`${TAG}$idle-api`, 'AmazonCloudWatch'],
        Metrics: { UnblendedCost: { Amount: '0', Unit: 'USD' } },
      },
    ],
  };
}

function throttled() {
  return Object.assign(new Error('Rate exceeded'), {
    name: 'LimitExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 3 },
  });
}

describe('collectCosts', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const ce = mockClient(CostExplorerClient);
  let factory: DefaultAwsClientFactory;

  afterEach(() => {
    ce.reset();
    factory?.destroy();
  });

  /**
   * Cost Explorer as a mock answering `perPage` days a page; the
   * `throttleAt`-th GetCostAndUsage request (1-based) is throttled. Every
   * request is recorded with the counter, as the client factory's
   * middleware does (the mock replaces the middleware stack).
   */
  async function setUp(options: { perPage: number; backfillMonths?: number }) {
    const counter = DefaultAwsCallCounter.create();
    const config = new ConfigReader({
      ...sandboxPortalConfig(),
      shipyard: {
        ...sandboxPortalConfig().shipyard,
        // One environment keeps the arithmetic readable.
        environments: [sandboxPortalConfig().shipyard.environments[2]],
        costs: { backfillMonths: options.backfillMonths ?? 2 },
      },
    });
    factory = DefaultAwsClientFactory.fromConfig(config, { counter });
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
    const store = DefaultCostsStore.create({ knex });
    const { schedule: _, ...settings } = readCostsCollectorConfig(config);
    const state = { throttleAt: 0, requests: 0, today: TODAY };
    const record = (operation: string, outcome: 'success' | 'error') =>
      counter.record({
        accountId: '222222222222',
        region: 'us-east-1',
        service: 'CostExplorer',
        operation,
        outcome,
        attempts: 1,
      });
    ce.on(GetCostAndUsageCommand).callsFake(
      (input: GetCostAndUsageCommandInput) => {
        state.requests += 1;
        if (state.requests === state.throttleAt) {
          record('GetCostAndUsage', 'error');
          throw throttled();
        }
        record('GetCostAndUsage', 'success');
        const { Start, End } = input.TimePeriod!;
        const first = input.NextPageToken
          ? addDays(Start!, Number(input.NextPageToken))
          : Start!;
        const days: string[] = [];
        for (
          let d = first;
          d < End! && days.length < options.perPage;
          d = addDays(d, 1)
        ) {
          days.push(d);
        }
        const next = addDays(days[days.length - 1], 1);
        return {
          ResultsByTime: days.map(d => dayResult(d, state.today)),
          NextPageToken:
            next < End!
              ? String(
                  Math.round(
                    (Date.parse(next) - Date.parse(Start!)) / 86_400_000,
                  ),
                )
              : undefined,
        };
      },
    );
    ce.on(GetCostForecastCommand).callsFake(() => {
      record('GetCostForecast', 'success');
      return {
        Total: { Amount: '40', Unit: 'USD' },
        ForecastResultsByTime: [
          {
            MeanValue: '40',
            PredictionIntervalLowerBound: '36',
            PredictionIntervalUpperBound: '44',
          },
        ],
      };
    });
    ce.on(GetAnomaliesCommand).callsFake(() => {
      record('GetAnomalies', 'success');
      return { Anomalies: [] };
    });
    const run = (now: Date) =>
      collectCosts({
        environments: DefaultShipyardEnvironments.fromConfig(config),
        clientFactory: factory,
        callCounter: counter,
        store,
        logger: mockServices.logger.mock(),
        config: settings,
        now: () => now,
      });
    return { store, run, state };
  }

  const costCalls = () =>
    ce.commandCalls(GetCostAndUsageCommand).map(c => ({
      ...c.args[0].input.TimePeriod,
      token: c.args[0].input.NextPageToken,
    }));

  it('stores each component tag value by AWS service, the empty tag value as unattributed, over every page', async () => {
    const { store, run } = await setUp({ perPage: 7 });
    await expect(run(NOW)).resolves.toEqual({ refreshed: true, requests: 8 });

    // 2026-11-01 to today included: 40 days, 7 a page.
    expect(costCalls()).toEqual([
      { Start: '2026-11-01', End: '2026-12-11', token: undefined },
      ...[7, 14, 21, 28, 35].map(n => ({
        Start: '2026-11-01',
        End: '2026-12-11',
        token: String(n),
      })),
    ]);
    const input = ce.commandCalls(GetCostAndUsageCommand)[0].args[0].input;
    expect(input).toMatchObject({
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'TAG', Key: TAG },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
      Filter: {
        Or: [
          { Tags: { Key: 'shipyard:environment', Values: ['prod'] } },
          {
            And: [
              {
                Not: {
                  Tags: {
                    Key: 'shipyard:environment',
                    Values: ['prod'],
                  },
                },
              },
              {
                Dimensions: {
                  Key: 'LINKED_ACCOUNT',
                  Values: ['222222222222'],
                },
              },
            ],
          },
        ],
      },
    });

    const sums = await store.sumDays({ from: '2026-11-01', to: '2026-12-11' });
    expect(sums).toEqual([
      { environment: 'prod', component: '', currency: 'USD', amount: 20 },
      {
        environment: 'prod',
        component: 'checkout-api',
        currency: 'USD',
        amount: 50,
      },
    ]);
    const days = await store.readDays({ from: TODAY, to: addDays(TODAY, 1) });
    expect(days.map(d => [d.component, d.awsService, d.estimated])).toEqual([
      ['', 'EC2 - Other', true],
      ['checkout-api', 'Amazon Elastic Container Service', true],
    ]);
    // The cursor stops at the open month.
    expect((await store.readCursors()).get('prod')?.collectedUntil).toBe(
      '2026-12-01',
    );
    await expect(store.readApiRequests('2026-12')).resolves.toBe(8);
    await expect(store.readForecasts()).resolves.toEqual([
      expect.objectContaining({
        environment: 'prod',
        from: TODAY,
        to: '2027-01-01',
        mean: 40,
        low: 36,
        high: 44,
      }),
    ]);
  });

  it('merges a day a page boundary splits', async () => {
    const { store, run } = await setUp({ perPage: 40, backfillMonths: 1 });
    ce.on(GetCostAndUsageCommand)
      .resolvesOnce({
        ResultsByTime: [
          dayResult('2026-12-01', TODAY),
          { ...dayResult('2026-12-02', TODAY), Groups: [] },
          {
            ...dayResult('2026-12-03', TODAY),
            Groups: dayResult('2026-12-03', TODAY).Groups!.slice(0, 1),
          },
        ],
        NextPageToken: 'more',
      })
      .resolvesOnce({
        ResultsByTime: [
          {
            ...dayResult('2026-12-03', TODAY),
            Groups: dayResult('2026-12-03', TODAY).Groups!,
          },
        ],
      });
    await run(NOW);
    const days = await store.readDays({ from: '2026-12-01', to: '2026-12-11' });
    expect(days.map(d => [d.day, d.component, d.amount])).toEqual([
      ['2026-12-01', '', 0.5],
      ['2026-12-01', 'checkout-api', 1.25],
      ['2026-12-03', '', 0.5],
      ['2026-12-03', 'checkout-api', 2.5],
    ]);
  });

  it('refreshes at most as often as the ration allows', async () => {
    const { run } = await setUp({ perPage: 50 });
    await run(NOW);
    expect(costCalls()).toHaveLength(1);

    // A restart, a trigger, a second replica: within the ration, no request.
    await expect(run(new Date(NOW.getTime() + 7 * HOUR))).resolves.toEqual({
      refreshed: false,
      requests: 0,
    });
    expect(ce.calls()).toHaveLength(3);
  });

  it('reads the open period on the first refresh of a UTC day and only the recent days on the others', async () => {
    const { store, run } = await setUp({ perPage: 50 });
    // The backfill, 2026-12-10 12:00, reads the open period too.
    await run(NOW);
    expect((await store.readCursors()).get('prod')).toMatchObject({
      collectedUntil: '2026-12-01',
      openPeriodReadOn: '2026-12-10',
    });

    // 20:00 the same day: today and the two days before.
    await expect(run(new Date(NOW.getTime() + 8 * HOUR))).resolves.toEqual({
      refreshed: true,
      requests: 3,
    });
    expect(costCalls()[1]).toEqual({
      Start: '2026-12-08',
      End: '2026-12-11',
      token: undefined,
    });
    // Days before them stay as the morning's read stored them.
    await expect(
      store.sumDays({ from: '2026-11-01', to: '2026-12-11' }),
    ).resolves.toEqual([
      expect.objectContaining({ component: '', amount: 20 }),
      expect.objectContaining({ component: 'checkout-api', amount: 50 }),
    ]);

    // 04:00 the next day: the first refresh of 2026-12-11 reads the whole
    // current month again, nothing older.
    await run(new Date(NOW.getTime() + 16 * HOUR));
    expect(costCalls()[2]).toEqual({
      Start: '2026-12-01',
      End: '2026-12-12',
      token: undefined,
    });
    expect((await store.readCursors()).get('prod')).toMatchObject({
      collectedUntil: '2026-12-01',
      openPeriodReadOn: '2026-12-11',
    });

    // Its later refreshes, the recent days again.
    await run(new Date(NOW.getTime() + 24 * HOUR));
    expect(costCalls()[3]).toEqual({
      Start: '2026-12-09',
      End: '2026-12-12',
      token: undefined,
    });
    // Every request counted once: 3 per refresh (a page, the forecast, the
    // anomalies).
    await expect(store.readApiRequests('2026-12')).resolves.toBe(12);

    // In the first days of a month the previous one is still open.
    await run(new Date('2027-01-03T06:00:00Z'));
    expect(costCalls()[4]).toEqual({
      Start: '2026-12-01',
      End: '2027-01-04',
      token: undefined,
    });
    await run(new Date('2027-01-03T14:00:00Z'));
    expect(costCalls()[5]).toEqual({
      Start: '2027-01-01',
      End: '2027-01-04',
      token: undefined,
    });
  });

  it('reads the open period again on the next refresh when its read was throttled', async () => {
    const { store, run, state } = await setUp({ perPage: 7 });
    await run(NOW);
    const backfill = costCalls().length;
    // The next day's first refresh: throttled on its second page.
    state.throttleAt = state.requests + 2;
    const nextDay = new Date(NOW.getTime() + 16 * HOUR);
    await expect(run(nextDay)).rejects.toThrow(/Costs of prod/);
    expect((await store.readCursors()).get('prod')).toMatchObject({
      collectedUntil: '2026-12-01',
      openPeriodReadOn: '2026-12-10',
    });

    await run(new Date(nextDay.getTime() + 8 * HOUR));
    expect(costCalls()[backfill + 2]).toEqual({
      Start: '2026-12-01',
      End: '2026-12-12',
      token: undefined,
    });
    expect((await store.readCursors()).get('prod')?.openPeriodReadOn).toBe(
      '2026-12-11',
    );
  });

  it('resumes a backfill throttled mid-way without reading or counting anything twice', async () => {
    const { store, run, state } = await setUp({ perPage: 7 });
    state.throttleAt = 3;
    await expect(run(NOW)).rejects.toThrow(
      /Costs refresh incomplete.*Costs of prod.*throttling/,
    );
    // Pages 1 and 2 read 2026-11-01 to 11-14; the 14th may go on in page
    // 3, so 11-01 to 11-13 are stored. The open period was not read.
    expect((await store.readCursors()).get('prod')).toEqual(
      expect.not.objectContaining({ openPeriodReadOn: expect.anything() }),
    );
    expect((await store.readCursors()).get('prod')?.collectedUntil).toBe(
      '2026-11-14',
    );
    await expect(
      store.sumDays({ from: '2026-11-01', to: '2026-12-11' }),
    ).resolves.toEqual([
      expect.objectContaining({ component: '', amount: 13 * 0.5 }),
      expect.objectContaining({ component: 'checkout-api', amount: 13 * 1.25 }),
    ]);
    // No forecast or anomalies were asked for after the throttling.
    expect(ce.commandCalls(GetCostForecastCommand)).toHaveLength(0);
    expect(ce.commandCalls(GetAnomaliesCommand)).toHaveLength(0);
    await expect(store.readApiRequests('2026-12')).resolves.toBe(3);

    // The same day's next refresh resumes from the cursor, not only the
    // recent days.
    await expect(run(new Date(NOW.getTime() + 8 * HOUR))).resolves.toEqual({
      refreshed: true,
      requests: 6,
    });
    expect(costCalls()[3]).toEqual({
      Start: '2026-11-14',
      End: '2026-12-11',
      token: undefined,
    });
    await expect(
      store.sumDays({ from: '2026-11-01', to: '2026-12-11' }),
    ).resolves.toEqual([
      expect.objectContaining({ component: '', amount: 20 }),
      expect.objectContaining({ component: 'checkout-api', amount: 50 }),
    ]);
    const november = await store.readMonthlyTotals({
      fromMonth: '2026-11',
      toMonth: '2026-11',
    });
    expect(november.map(m => [m.component, m.amount, m.estimated])).toEqual([
      ['', 15, false],
      ['checkout-api', 37.5, false],
    ]);
    // 3 requests of the throttled run (the throttled one included), 6 of the resumed.
    await expect(store.readApiRequests('2026-12')).resolves.toBe(9);
  });

  it('keeps re-reading a day Cost Explorer still calls estimated, on the first refresh of each day', async () => {
    const { store, run, state } = await setUp({ perPage: 50 });
    // Cost Explorer still estimates November in the open month.
    state.today = '2026-11-20';
    await run(NOW);
    expect((await store.readCursors()).get('prod')?.collectedUntil).toBe(
      '2026-11-20',
    );
    // The same day's later refresh: the recent days, the cursor kept.
    await run(new Date(NOW.getTime() + 8 * HOUR));
    expect(costCalls()[1].Start).toBe('2026-12-08');
    expect((await store.readCursors()).get('prod')?.collectedUntil).toBe(
      '2026-11-20',
    );
    // The next day, from the estimated day, which is now final.
    state.today = TODAY;
    await run(new Date(NOW.getTime() + 16 * HOUR));
    expect(costCalls()[2].Start).toBe('2026-11-20');
    expect((await store.readCursors()).get('prod')?.collectedUntil).toBe(
      '2026-12-01',
    );
  });
});
