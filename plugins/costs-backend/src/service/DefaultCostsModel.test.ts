import { TestDatabaseId } from '@backstage/backend-test-utils';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';
import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DailyCostRow } from '../database/CostsStore';
import { DefaultCostsStore } from '../database/DefaultCostsStore';
import { CostComponent } from './CostComponents';
import { DefaultCostsModel } from './DefaultCostsModel';

jest.setTimeout(120_000);

// The 10th of December: the first 10 days of November are its "to date".
const NOW = new Date('2026-12-10T12:00:00Z');
const HOUR = 3_600_000;

// Only the list is read.
const ENVIRONMENTS = {
  list: () =>
    (['dev', 'prod'] as const).map(name => ({
      name,
      tier: name,
      accounts: [],
      ecsClusters: [],
      eksClusters: [],
    })),
} as Partial<ShipyardEnvironments> as ShipyardEnvironments;

const checkout: CostComponent = {
  entityRef: 'component:default/checkout-api',
  name: 'checkout-api',
  title: 'Checkout API',
  owner: 'group:default/team-storefront',
  system: 'system:default/storefront',
  tagValue: 'checkout-api',
};
const catalogApi: CostComponent = {
  entityRef: 'component:default/catalog-api',
  name: 'catalog-api',
  owner: 'group:default/team-storefront',
  tagValue: 'catalog',
};

function row(
  environment: string,
  day: string,
  component: string,
  amount: number,
  more: Partial<DailyCostRow> = {},
): DailyCostRow {
  return {
    environment,
    day,
    component,
    awsService: 'Amazon Elastic Container Service',
    amount,
    currency: 'USD',
    estimated: false,
    ...more,
  };
}

describe('DefaultCostsModel', () => {
  const databases = createTestDatabases();

  beforeEach(() => {
    jest.useFakeTimers({
      now: NOW,
      doNotFake: [
        'setTimeout',
        'setImmediate',
        'nextTick',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'hrtime',
        'performance',
        'queueMicrotask',
      ],
    });
  });
  afterEach(() => jest.useRealTimers());

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = DefaultCostsStore.create({ knex });
    const write = (
      environment: string,
      from: string,
      to: string,
      rows: DailyCostRow[],
    ) =>
      store.writeDays({
        environment,
        from,
        to,
        rows,
        now: new Date(NOW.getTime() - HOUR),
      });
    await write('prod', '2026-10-01', '2026-12-11', [
      row('prod', '2026-10-15', 'checkout-api', 100),
      row('prod', '2026-11-05', 'checkout-api', 10),
      row('prod', '2026-11-20', 'checkout-api', 20),
      row('prod', '2026-12-02', 'checkout-api', 4),
      row('prod', '2026-12-02', 'checkout-api', 1, {
        awsService: 'EC2 - Other',
      }),
      row('prod', '2026-12-10', 'checkout-api', 2, { estimated: true }),
      row('prod', '2026-12-03', 'catalog', 15),
      row('prod', '2026-12-03', '', 7),
      // A tag value no catalog component holds: nobody answers for it.
      row('prod', '2026-12-04', 'retired-thing', 3),
    ]);
    await write('dev', '2026-12-01', '2026-12-11', [
      row('dev', '2026-12-01', 'checkout-api', 1),
    ]);
    // An environment no longer configured.
    await write('qa', '2026-12-01', '2026-12-11', [
      row('qa', '2026-12-01', '', 50),
    ]);
    await store.writeForecast({
      environment: 'prod',
      month: '2026-12',
      from: '2026-12-10',
      to: '2027-01-01',
      mean: 60,
      low: 40,
      high: 80,
      currency: 'USD',
      computedAt: NOW,
    });
    await store.writeAnomalies([
      {
        id: 'a1',
        environment: 'prod',
        start: '2026-12-02',
        end: '2026-12-03',
        impact: 3,
        currency: 'USD',
        component: 'checkout-api',
        awsService: 'EC2 - Other',
      },
      {
        id: 'a2',
        environment: 'prod',
        start: '2026-12-03',
        impact: 2,
        currency: 'USD',
      },
    ]);
    await store.addApiRequests('2026-12', 7);
    const claimed = await store.claimRefresh({
      now: new Date(NOW.getTime() - HOUR),
      minIntervalMs: 0,
    });
    await store.finishRefresh(claimed!.id, {
      finishedAt: new Date(NOW.getTime() - HOUR),
      succeeded: true,
    });

    const directory = {
      byTagValue: new Map([checkout, catalogApi].map(c => [c.tagValue, c])),
      byRef: new Map([checkout, catalogApi].map(c => [c.entityRef, c])),
    };
    const model = DefaultCostsModel.create({
      store,
      environments: ENVIRONMENTS,
      components: { directory: async () => directory },
      refreshIntervalMs: 8 * HOUR,
    });
    return { model, store };
  }

  it.each(databases.eachSupportedId())(
    'gives the portfolio per service and environment, the unattributed cost with what no component holds, forecasts merged with the stored days, %p',
    async databaseId => {
      const { model } = await setUp(databaseId);
      const portfolio = await model.getPortfolio({ months: 2 });
      expect(portfolio).toMatchObject({
        currency: 'USD',
        months: ['2026-11', '2026-12'],
        freshness: {
          refreshedAt: new Date(NOW.getTime() - HOUR).toISOString(),
          stale: false,
        },
        apiSpend: { month: '2026-12', requests: 7, usd: 0.07 },
      });
      expect(portfolio.rows).toEqual([
        {
          entityRef: 'component:default/catalog-api',
          name: 'catalog-api',
          owner: 'group:default/team-storefront',
          environment: 'prod',
          tier: 'prod',
          months: [
            { month: '2026-11', amount: 0, estimated: false },
            { month: '2026-12', amount: 15, estimated: true },
          ],
          monthToDate: 15,
          previousMonth: 0,
          previousMonthToDate: 0,
        },
        {
          // The unattributed cost and the tag value no component holds.
          environment: 'prod',
          tier: 'prod',
          months: [
            { month: '2026-11', amount: 0, estimated: false },
            { month: '2026-12', amount: 10, estimated: true },
          ],
          monthToDate: 10,
          previousMonth: 0,
          previousMonthToDate: 0,
        },
        {
          entityRef: 'component:default/checkout-api',
          name: 'checkout-api',
          title: 'Checkout API',
          owner: 'group:default/team-storefront',
          system: 'system:default/storefront',
          environment: 'prod',
          tier: 'prod',
          months: [
            { month: '2026-11', amount: 30, estimated: false },
            { month: '2026-12', amount: 7, estimated: true },
          ],
          monthToDate: 7,
          previousMonth: 30,
          // 1 to 10 November: the 5th, not the 20th.
          previousMonthToDate: 10,
        },
        expect.objectContaining({
          entityRef: 'component:default/checkout-api',
          environment: 'dev',
          monthToDate: 1,
        }),
      ]);
      // 2 to 9 December stored (4 + 1 + 15 + 7 + 3), then the forecast from the 10th.
      expect(portfolio.forecasts).toEqual([
        { environment: 'prod', forecast: { monthEnd: 90, low: 70, high: 110 } },
      ]);
      expect(portfolio.anomalies).toEqual([
        {
          id: 'a1',
          start: '2026-12-02',
          end: '2026-12-03',
          impact: 3,
          environment: 'prod',
          entityRef: checkout.entityRef,
          awsService: 'EC2 - Other',
        },
        { id: 'a2', start: '2026-12-03', impact: 2, environment: 'prod' },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    "gives a component's costs per environment in tier order: days by AWS service, its share of the team and of the forecast, %p",
    async databaseId => {
      const { model } = await setUp(databaseId);
      const costs = await model.getComponentCosts({
        entityRef: checkout.entityRef,
        months: 3,
      });
      expect(costs.entityRef).toBe(checkout.entityRef);
      expect(costs.environments.map(e => e.environment)).toEqual([
        'dev',
        'prod',
      ]);
      const prod = costs.environments[1];
      expect(prod.months.map(m => m.amount)).toEqual([100, 30, 7]);
      expect(prod.days.find(d => d.day === '2026-12-02')).toEqual({
        day: '2026-12-02',
        amount: 5,
        estimated: false,
        byService: { 'Amazon Elastic Container Service': 4, 'EC2 - Other': 1 },
      });
      expect(prod.days.at(-1)).toMatchObject({
        day: '2026-12-10',
        estimated: true,
      });
      // 7 of the team's 22 in prod this month.
      expect(prod.teamShare).toBeCloseTo((100 * 7) / 22, 10);
      // Over the 30 days before the forecast (10 November to 9 December) it
      // cost 25 (20 + 5) of the environment's 50: half the forecast, on top
      // of its 5 stored this month before the 10th.
      expect(prod.forecast).toEqual({ monthEnd: 35, low: 25, high: 45 });
      expect(costs.environments[0].forecast).toBeUndefined();
      expect(costs.anomalies.map(a => a.id)).toEqual(['a1']);

      // An entity Shipyard does not link to AWS: nothing is billed to it.
      await expect(
        model.getComponentCosts({
          entityRef: 'resource:default/shared-bucket',
          months: 3,
        }),
      ).resolves.toEqual({
        entityRef: 'resource:default/shared-bucket',
        currency: 'USD',
        freshness: expect.objectContaining({ stale: false }),
        environments: [],
        anomalies: [],
      });
    },
  );

  it.each(databases.eachSupportedId())(
    "reads an environment's recent costs for its forecast once per forecast, whatever the component, %p",
    async databaseId => {
      const { model, store } = await setUp(databaseId);
      const sumDays = jest.spyOn(store, 'sumDays');
      const view = (name: string) =>
        model.getComponentCosts({
          entityRef: `component:default/${name}`,
          months: 3,
        });
      const environmentReads = () =>
        sumDays.mock.calls.filter(([o]) => !o.components).length;

      const first = await view('checkout-api');
      await view('checkout-api');
      await view('catalog-api');
      expect(environmentReads()).toBe(1);

      // A refresh: new days before the forecast, and a new forecast.
      await store.writeDays({
        environment: 'prod',
        from: '2026-12-05',
        to: '2026-12-06',
        rows: [row('prod', '2026-12-05', 'catalog', 50)],
        now: NOW,
      });
      await store.writeForecast({
        environment: 'prod',
        month: '2026-12',
        from: '2026-12-10',
        to: '2027-01-01',
        mean: 60,
        low: 40,
        high: 80,
        currency: 'USD',
        computedAt: new Date(NOW.getTime() + HOUR),
      });
      const after = await view('checkout-api');
      expect(environmentReads()).toBe(2);
      // 25 of the environment's 100 now: a quarter of the forecast.
      expect(first.environments[1].forecast?.monthEnd).toBe(35);
      expect(after.environments[1].forecast).toEqual({
        monthEnd: 20,
        low: 15,
        high: 25,
      });
    },
  );
});
