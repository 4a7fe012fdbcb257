import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  mockServices,
  ServiceFactoryTester,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultResourceLocator,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import {
  createSandboxServer,
  DEMO_COMPONENTS,
  FaultSpec,
  sandboxClientConfig,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { AvailabilityStore } from '../database/AvailabilityStore';
import { DefaultAvailabilityStore } from '../database/DefaultAvailabilityStore';
import { collectAvailability } from './collectAvailability';

jest.setTimeout(180_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One clock for every sandbox and run: the same world, the same answers. */
const NOW = new Date(Math.floor(Date.now() / MINUTE) * MINUTE + 30_000);

const entities: Entity[] = DEMO_COMPONENTS.map(c => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: c.name, annotations: { 'shipyard.io/runtime': c.runtime } },
  spec: {
    type: c.type,
    lifecycle: 'production',
    owner: c.owner,
    system: c.system,
  },
}));

describe('collectAvailability against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const servers: SandboxServer[] = [];
  const factories: DefaultAwsClientFactory[] = [];

  afterAll(async () => {
    factories.forEach(f => f.destroy());
    await Promise.all(servers.map(s => s.close()));
  });

  /** A sandbox, a store and one collection of `backfillMs` against it. */
  async function collect(options: {
    backfillMs: number;
    faults?: FaultSpec[];
  }) {
    const server = await createSandboxServer({
      port: 0,
      now: () => NOW,
      faults: options.faults,
    });
    servers.push(server);
    const config = new ConfigReader(
      sandboxPortalConfig(server, { maxAttempts: 10 }),
    );
    const counter = DefaultAwsCallCounter.create();
    const clientFactory = DefaultAwsClientFactory.fromConfig(config, {
      counter,
    });
    factories.push(clientFactory);
    const environments = DefaultShipyardEnvironments.fromConfig(config);
    const cache = await ServiceFactoryTester.from(
      mockServices.cache.factory(),
    ).getSubject('availability');
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
    const store = DefaultAvailabilityStore.create({ knex });
    await collectAvailability({
      auth: mockServices.auth(),
      catalog: catalogServiceMock({ entities }),
      environments,
      locator: DefaultResourceLocator.fromConfig(config, {
        environments,
        clientFactory,
        cache,
        counter,
      }),
      clientFactory,
      store,
      logger: mockServices.logger.mock(),
      backfillMs: options.backfillMs,
      minuteRetentionMs: 3 * DAY,
      hourRetentionMs: 95 * DAY,
      now: () => NOW,
    });
    return { server, store };
  }

  const end = NOW.getTime() - (NOW.getTime() % MINUTE) - 2 * MINUTE;

  async function allBuckets(store: AvailabilityStore, from: number) {
    const series = await store.listSeries();
    const buckets = await store.readBuckets(
      series.map(s => s.id),
      from,
      end,
    );
    return new Map(
      series.map(s => [
        `${s.entityRef} ${s.environment}`,
        { source: s.source, buckets: buckets.get(s.id) },
      ]),
    );
  }

  it("stores checkout-api's prod minutes as the raw RequestCount and 5XX series of its target groups in both regions give them", async () => {
    const backfillMs = 6 * HOUR;
    const { server, store } = await collect({ backfillMs });
    const [checkout] = await store.listSeries({
      entityRef: 'component:default/checkout-api',
      environment: 'prod',
    });
    expect(checkout.sli).toBe('requests');
    const services = server.scenario.findServices({
      component: 'checkout-api',
      environment: 'prod',
    });
    expect(services.map(s => s.region).sort()).toEqual([
      'eu-central-1',
      'eu-west-1',
    ]);

    // The raw series, read here straight from CloudWatch (the sandbox).
    const from = NOW.getTime() - (NOW.getTime() % HOUR) - backfillMs;
    const expected = new Map<number, { good: number; total: number }>();
    for (const service of services) {
      const dimensions = [
        {
          Name: 'TargetGroup',
          Value: service.targetGroupArn!.slice(
            service.targetGroupArn!.indexOf('targetgroup/'),
          ),
        },
        {
          Name: 'LoadBalancer',
          Value: service.loadBalancerArn!.split(':loadbalancer/')[1],
        },
      ];
      const cloudWatch = new CloudWatchClient(
        sandboxClientConfig(server, {
          accountId: service.accountId,
          region: service.region,
        }),
      );
      const output = await cloudWatch.send(
        new GetMetricDataCommand({
          StartTime: new Date(from),
          EndTime: new Date(end),
          MetricDataQueries: ['RequestCount', 'HTTPCode_Target_5XX_Count'].map(
            (metric, i) => ({
              Id: `m${i}`,
              MetricStat: {
                Metric: {
                  Namespace: 'AWS/ApplicationELB',
                  MetricName: metric,
                  Dimensions: dimensions,
                },
                Period: 60,
                Stat: 'Sum',
              },
            }),
          ),
        }),
      );
      cloudWatch.destroy();
      const [requests, errors] = output.MetricDataResults!;
      const errorsAt = new Map(
        errors.Timestamps!.map((t, i) => [t.getTime(), errors.Values![i]]),
      );
      requests.Timestamps!.forEach((t, i) => {
        const total = requests.Values![i];
        const sum = expected.get(t.getTime()) ?? { good: 0, total: 0 };
        sum.total += total;
        sum.good += total - (errorsAt.get(t.getTime()) ?? 0);
        expected.set(t.getTime(), sum);
      });
    }
    expect(expected.size).toBe((end - from) / MINUTE);

    const stored = (await store.readBuckets([checkout.id], from, end)).get(
      checkout.id,
    )!;
    expect(stored).toEqual(
      [...expected]
        .sort(([a], [b]) => a - b)
        .map(([start, { good, total }]) => ({
          start,
          minutes: 1,
          good,
          total,
          dataMinutes: 1,
        })),
    );
    expect(checkout.collectedUntil).toEqual(new Date(end));

    // A worker without a target group is measured by its tasks.
    const [worker] = await store.listSeries({
      entityRef: 'component:default/branch-inventory-worker',
      environment: 'prod',
    });
    expect(worker.sli).toBe('health');
    const health = (await store.readBuckets([worker.id], from, end)).get(
      worker.id,
    )!;
    expect(health).toHaveLength((end - from) / MINUTE);
    expect(health.every(b => b.total === 1)).toBe(true);
  });

  it('completes with the sandbox throttling 30 % of CloudWatch calls, storing the same minutes and hours', async () => {
    const backfillMs = 16 * DAY;
    const { store: calm } = await collect({ backfillMs });
    const { server, store: throttled } = await collect({
      backfillMs,
      faults: [{ service: 'cloudwatch', kind: 'throttle', rate: 0.3 }],
    });
    const stats =
      server.stats.snapshot().services.cloudwatch.operations.GetMetricData;
    expect(stats.throttled).toBeGreaterThan(0);
    expect(stats.ok).toBeGreaterThan(0);

    const from = NOW.getTime() - backfillMs;
    const expected = await allBuckets(calm, from);
    const actual = await allBuckets(throttled, from);
    expect(actual.size).toBeGreaterThan(20);
    expect(actual).toEqual(expected);
  });
});
