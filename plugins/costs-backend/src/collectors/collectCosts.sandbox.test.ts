import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import {
  createSandboxServer,
  DEMO_ENVIRONMENTS,
  sandboxClientConfig,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { addDays, dayOf } from '../database/costDays';
import { DefaultCostsStore } from '../database/DefaultCostsStore';
import { collectCosts } from './collectCosts';
import { costPeriods } from './costPeriods';
import { readCostsCollectorConfig } from './readCostsCollectorConfig';

jest.setTimeout(180_000);

const NOW = new Date();
const TODAY = dayOf(NOW);
const ENV_TAG = 'shipyard:environment';

describe('collectCosts against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let server: SandboxServer;
  let factory: DefaultAwsClientFactory;

  beforeAll(async () => {
    server = await createSandboxServer({ port: 0, now: () => NOW });
  });

  afterAll(async () => {
    factory?.destroy();
    await server.close();
  });

  /** Cost Explorer's own total of `filter` over [from, to), summed over its daily answers. */
  async function rawTotal(filter: Expression | undefined, from: string) {
    const client = new CostExplorerClient(
      sandboxClientConfig(server, {
        accountId: DEMO_ENVIRONMENTS[0].accountId,
        region: 'us-east-1',
      }),
    );
    let total = 0;
    let token: string | undefined;
    do {
      const output = await client.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: from, End: addDays(TODAY, 1) },
          Granularity: 'DAILY',
          Metrics: ['UnblendedCost'],
          Filter: filter,
          NextPageToken: token,
        }),
      );
      for (const r of output.ResultsByTime ?? []) {
        total += Number(r.Total?.UnblendedCost?.Amount ?? 0);
      }
      token = output.NextPageToken;
    } while (token);
    client.destroy();
    return total;
  }

  it('stores per environment the sums of the raw answers, the unattributed cost, forecasts and the seeded anomaly on ledger-service prod', async () => {
    const config = new ConfigReader(sandboxPortalConfig(server));
    const counter = DefaultAwsCallCounter.create();
    factory = DefaultAwsClientFactory.fromConfig(config, { counter });
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
    const store = DefaultCostsStore.create({ knex });
    const { schedule: _, ...settings } = readCostsCollectorConfig(config);

    const before = server.stats.snapshot().services.costexplorer;
    const result = await collectCosts({
      environments: DefaultShipyardEnvironments.fromConfig(config),
      clientFactory: factory,
      callCounter: counter,
      store,
      logger: mockServices.logger.mock(),
      config: settings,
      now: () => NOW,
    });
    const seen = server.stats.snapshot().services.costexplorer;
    const sandboxRequests = seen.requests - (before?.requests ?? 0);
    expect(result).toEqual({ refreshed: true, requests: sandboxRequests });
    await expect(store.readApiRequests(TODAY.slice(0, 7))).resolves.toBe(
      sandboxRequests,
    );

    const { backfillStart } = costPeriods({ today: TODAY, backfillMonths: 12 });
    const sums = await store.sumDays({
      from: backfillStart,
      to: addDays(TODAY, 1),
    });
    const stored = new Map<string, number>();
    for (const s of sums) {
      stored.set(s.environment, (stored.get(s.environment) ?? 0) + s.amount);
    }

    // The raw answers: each environment's tagged costs, and the costs
    // tagged with no environment of its accounts (dev and staging share
    // 111111111111: dev, listed first, gets them).
    const names = DEMO_ENVIRONMENTS.map(e => e.name);
    const untagged = (accountId: string): Expression => ({
      And: [
        { Not: { Tags: { Key: ENV_TAG, Values: names } } },
        { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] } },
      ],
    });
    const tagged = (env: string): Expression => ({
      Tags: { Key: ENV_TAG, Values: [env] },
    });
    const expected = {
      dev:
        (await rawTotal(tagged('dev'), backfillStart)) +
        (await rawTotal(untagged('111111111111'), backfillStart)),
      staging: await rawTotal(tagged('staging'), backfillStart),
      prod:
        (await rawTotal(tagged('prod'), backfillStart)) +
        (await rawTotal(untagged('222222222222'), backfillStart)),
    };
    for (const env of names) {
      expect(stored.get(env)).toBeGreaterThan(1000);
      expect(stored.get(env)).toBeCloseTo(
        expected[env as keyof typeof expected],
        4,
      );
    }
    // Nothing lost, nothing counted twice: the environments add up to the bill.
    const all = await rawTotal(undefined, backfillStart);
    expect([...stored.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(all, 4);

    // Monthly totals are the days' sums; six months of history.
    const months = await store.readMonthlyTotals({
      fromMonth: backfillStart.slice(0, 7),
      toMonth: TODAY.slice(0, 7),
    });
    expect(new Set(months.map(m => m.month)).size).toBeGreaterThanOrEqual(6);
    expect(months.reduce((n, m) => n + m.amount, 0)).toBeCloseTo(all, 4);
    // Only today is still being billed.
    const estimated = await store.readDays({
      from: backfillStart,
      to: addDays(TODAY, 1),
    });
    expect(new Set(estimated.filter(r => r.estimated).map(r => r.day))).toEqual(
      new Set([TODAY]),
    );

    // Unattributed cost (no component tag) is stored per environment.
    for (const env of names) {
      expect(
        sums.find(s => s.environment === env && s.component === '')?.amount,
      ).toBeGreaterThan(0);
    }
    expect(sums.some(s => s.component === 'checkout-api')).toBe(true);

    const forecasts = await store.readForecasts();
    expect(forecasts.map(f => f.environment).sort()).toEqual([...names].sort());
    for (const f of forecasts) {
      expect(f.from).toBe(TODAY);
      expect(f.low).toBeLessThan(f.mean);
      expect(f.high).toBeGreaterThan(f.mean);
    }

    const anomalies = await store.listAnomalies({
      from: addDays(TODAY, -90),
      to: addDays(TODAY, 1),
    });
    expect(anomalies).toEqual([
      expect.objectContaining({
        environment: 'prod',
        component: 'ledger-service',
        start: addDays(TODAY, -20),
        end: addDays(TODAY, -18),
        awsService: 'EC2 - Other',
        accountId: '222222222222',
      }),
    ]);
    expect(anomalies[0].impact).toBeGreaterThan(0);

    // A second run within the ration makes no request.
    const afterChecks = server.stats.snapshot().services.costexplorer.requests;
    await expect(
      collectCosts({
        environments: DefaultShipyardEnvironments.fromConfig(config),
        clientFactory: factory,
        callCounter: counter,
        store,
        logger: mockServices.logger.mock(),
        config: settings,
        now: () => new Date(NOW.getTime() + 3600_000),
      }),
    ).resolves.toEqual({ refreshed: false, requests: 0 });
    expect(server.stats.snapshot().services.costexplorer.requests).toBe(
      afterChecks,
    );
  });
});
