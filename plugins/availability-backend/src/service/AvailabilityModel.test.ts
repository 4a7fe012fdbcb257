import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { InputError, NotFoundError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { PortfolioRow } from '@internal/plugin-availability-common';
import { DefaultShipyardEnvironments } from '@internal/plugin-aws-node';
import { createTestDatabases } from '@internal/test-databases';
import { sandboxPortalConfig } from 'sandbox';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { MinuteCount, SliSource } from '../database/AvailabilityStore';
import { DefaultAvailabilityStore } from '../database/DefaultAvailabilityStore';
import { MINUTE } from '../slo/time';
import { AvailabilitySummarizer } from './AvailabilitySummarizer';
import { DefaultAvailabilityModel } from './AvailabilityModel';
import { ObjectiveResolver } from './ObjectiveResolver';

jest.setTimeout(60_000);

const REQUESTS: SliSource = {
  kind: 'requests',
  targetGroups: [
    {
      targetGroup: 'targetgroup/checkout-api-prod/6d0ecf831eec9f09',
      loadBalancer: 'app/shipyard-prod/50dc6c495c0c9188',
      accountId: '111111111111',
      region: 'eu-west-1',
    },
  ],
};
const HEALTH: SliSource = {
  kind: 'health',
  workloads: [
    {
      runtime: 'ecs',
      cluster: 'prod',
      service: 'order-worker',
      accountId: '111111111111',
      region: 'eu-west-1',
    },
  ],
};

function component(name: string, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: name.toUpperCase(),
      annotations,
    },
    spec: { owner: 'team-storefront', system: 'storefront', type: 'service' },
  };
}

/** Two days of minutes up to `until`, 1,000 requests each, 1 failing in 2,000. */
function twoDays(
  until: number,
  bad?: (start: number) => number,
  total = 1000,
): MinuteCount[] {
  return Array.from({ length: 2 * 24 * 60 }, (_, i) => {
    const start = until - (2 * 24 * 60 - i) * MINUTE;
    const failing = bad?.(start) ?? (i % 2 === 0 ? 1 : 0);
    return { start, good: total - failing, total };
  });
}

describe('DefaultAvailabilityModel with the summarizer', () => {
  const databases = createTestDatabases();
  const config = new ConfigReader(sandboxPortalConfig());
  const environments = DefaultShipyardEnvironments.fromConfig(config);
  const objectives = ObjectiveResolver.fromConfig(config);
  const catalog = catalogServiceMock({
    entities: [
      component('checkout-api'),
      component('order-worker', {
        'shipyard.io/availability-target': '99.5',
        'shipyard.io/availability-window': 'often',
      }),
    ],
  });

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = DefaultAvailabilityStore.create({ knex });
    const until = Math.floor(Date.now() / MINUTE) * MINUTE - 2 * MINUTE;
    const incidentStart = until - 24 * 60 * MINUTE;
    const incidentEnd = incidentStart + 47 * MINUTE;

    const checkout = await store.upsertSeries({
      entityRef: 'component:default/checkout-api',
      environment: 'prod',
      sli: 'requests',
      source: REQUESTS,
    });
    const checkoutStaging = await store.upsertSeries({
      entityRef: 'component:default/checkout-api',
      environment: 'staging',
      sli: 'requests',
      source: REQUESTS,
    });
    const worker = await store.upsertSeries({
      entityRef: 'component:default/order-worker',
      environment: 'prod',
      sli: 'health',
      source: HEALTH,
    });
    await store.writeMinutes([
      {
        seriesId: checkout.id,
        until: new Date(until),
        minutes: twoDays(until, start =>
          start >= incidentStart && start < incidentEnd ? 180 : 0,
        ),
      },
      {
        seriesId: checkoutStaging.id,
        until: new Date(until),
        minutes: twoDays(until),
      },
      {
        seriesId: worker.id,
        until: new Date(until),
        // Health: one minute each, none bad.
        minutes: twoDays(until, () => 0, 1),
      },
    ]);

    const summarizer = AvailabilitySummarizer.create({
      store,
      catalog,
      auth: mockServices.auth(),
      environments,
      objectives,
      logger: mockServices.logger.mock(),
    });
    await summarizer.summarize([checkout.id, checkoutStaging.id, worker.id]);
    const model = DefaultAvailabilityModel.create({
      store,
      catalog,
      environments,
      objectives,
      collectionInterval: { minutes: 5 },
    });
    return { model, until, incidentStart, incidentEnd };
  }

  it.each(databases.eachSupportedId())(
    'serves the portfolio worst first from the summaries, on %p',
    async databaseId => {
      const { model, until } = await setUp(databaseId);
      const portfolio = await model.getPortfolio({
        period: '30d',
        credentials: mockCredentials.user(),
      });
      expect(portfolio.freshness).toEqual({
        collectedAt: new Date(until).toISOString(),
        stale: false,
      });
      expect(portfolio.rows.map(r => [r.name, r.environment, r.state])).toEqual(
        [
          ['checkout-api', 'prod', 'breaching'],
          ['checkout-api', 'staging', 'healthy'],
          ['order-worker', 'prod', 'healthy'],
        ],
      );
      const [checkout] = portfolio.rows;
      // 2,880 minutes × 1,000 requests; 47 minutes with 180 failing.
      const bad = 47 * 180;
      expect(checkout).toEqual<PortfolioRow>({
        entityRef: 'component:default/checkout-api',
        name: 'checkout-api',
        title: 'CHECKOUT-API',
        owner: 'group:default/team-storefront',
        system: 'system:default/storefront',
        environment: 'prod',
        tier: 'prod',
        sli: {
          kind: 'requests',
          description: 'ALB target group checkout-api-prod',
        },
        objective: { target: 99.9, window: '30d', source: 'tier' },
        availability: expect.any(Number),
        totals: {
          good: 2_880_000 - checkout.budget!.consumed,
          total: 2_880_000,
          minutes: 2880,
          noDataMinutes: 0,
        },
        budget: {
          unit: 'requests',
          total: 2880,
          consumed: checkout.budget!.consumed,
          remaining: 2880 - checkout.budget!.consumed,
          remainingPercent: expect.any(Number),
        },
        // The incident is a day old: 24 h burns at 5.9 but the last 2 h are clean.
        alert: { fast: false, slow: false },
        state: 'breaching',
        sparkline: expect.any(Array),
      });
      expect(checkout.budget!.consumed).toBe(bad);
      expect(checkout.sparkline.length).toBe(31);

      const worker = portfolio.rows[2];
      // The valid target annotation holds; the invalid window is ignored.
      expect(worker.objective).toEqual({
        target: 99.5,
        window: '30d',
        source: 'annotation',
      });
      expect(worker.budget?.unit).toBe('minutes');
      expect(worker.availability).toBe(100);

      const prodOnly = await model.getPortfolio({
        period: '7d',
        environment: 'prod',
        credentials: mockCredentials.user(),
      });
      expect(prodOnly.rows.map(r => r.name)).toEqual([
        'checkout-api',
        'order-worker',
      ]);
      await expect(
        model.getPortfolio({
          period: '30d',
          environment: 'qa',
          credentials: mockCredentials.user(),
        }),
      ).rejects.toThrow(InputError);
    },
  );

  it.each(databases.eachSupportedId())(
    'computes a component from its buckets with the detected incident, on %p',
    async databaseId => {
      const { model, incidentStart, incidentEnd } = await setUp(databaseId);
      const result = await model.getComponentAvailability({
        entityRef: {
          kind: 'component',
          namespace: 'default',
          name: 'checkout-api',
        },
        period: '7d',
        credentials: mockCredentials.user(),
      });
      expect(result.entityRef).toBe('component:default/checkout-api');
      expect(result.environments.map(e => e.environment)).toEqual([
        'staging',
        'prod',
      ]);
      const prod = result.environments[1];
      expect(prod.state).toBe('breaching');
      expect(prod.periods.map(p => p.range.period)).toEqual([
        '7d',
        '30d',
        '90d',
        'month',
        'quarter',
      ]);
      expect(prod.incidents).toEqual([
        {
          start: new Date(incidentStart).toISOString(),
          end: new Date(incidentEnd).toISOString(),
          durationMinutes: 47,
          availability: 82,
          budgetSpent: 47 * 180,
          budgetSpentPercent: (100 * 47 * 180) / 2880,
        },
      ]);
      // Hourly for 7d: 7 × 24 hours and the current one.
      expect(prod.chart).toHaveLength(169);
      expect(
        prod.chart[prod.chart.length - 1].budgetRemainingPercent,
      ).toBeCloseTo(prod.periods[0].budget!.remainingPercent, 9);
      expect(prod.burnRates.find(r => r.window === '3d')?.rate).toBeCloseTo(
        (47 * 180) / 2_880_000 / 0.001,
        9,
      );

      await expect(
        model.getComponentAvailability({
          entityRef: { kind: 'component', namespace: 'default', name: 'nope' },
          period: '30d',
          credentials: mockCredentials.user(),
        }),
      ).rejects.toThrow(NotFoundError);
    },
  );
});
