/*
 * The acceptance test of the availability backend: the real catalog backend
 * with the demo catalog, the AWS catalog module, the real permission backend
 * with Shipyard's policy, and this plugin on its real database, collecting
 * from an in-process sandbox through the real AWS SDK. The collector runs
 * when a test triggers it, not on its schedule.
 *
 * One clock for the portal and the sandbox: Date is faked (and keeps
 * ticking), so that moving it moves what the sandbox serves, where the
 * collector reads up to and what "now" the views compute from.
 *
 * Tests run in the order written; each sets up what it asserts on, so any
 * one of them also passes alone (`-t`).
 */
import {
  CloudWatchClient,
  GetMetricDataCommand,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  mockCredentials,
  mockServices,
  TestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import type {
  ComponentAvailability,
  EnvironmentAvailability,
  Portfolio,
} from '@internal/plugin-availability-common';
import catalogModuleAws from '@internal/plugin-catalog-backend-module-aws';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import { createTestDatabases } from '@internal/test-databases';
import {
  createResettableCache,
  startAcceptanceBackend,
} from '@internal/backend-test-helpers';
import {
  SandboxServer,
  ScenarioService,
  createSandboxServer,
  sandboxClientConfig,
  sandboxPortalConfig,
} from 'sandbox';
import request from 'supertest';
import { Knex } from 'knex';
import { DefaultAvailabilityStore } from './database/DefaultAvailabilityStore';
import availabilityPlugin, { AVAILABILITY_COLLECTOR_ID } from './index';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * Enough history for the scenario's checkout-api incident (10 days and 2
 * hours before the sandbox starts) and within CloudWatch's 1-minute data, so
 * that the backfill stores minutes, as incidents are found in minutes. The
 * backfill is most of the file's time: no more.
 */
const BACKFILL = { days: 10, hours: 4 };

// The demo organisation's personas (catalog/org.yaml).
const PERSONAS = {
  'an owning developer': 'user:default/ana.lima', // team-storefront
  "another team's developer": 'user:default/jonas.weber', // team-freight
  'an SRE': 'user:default/sam.okafor', // platform-sre
  'a manager': 'user:default/mei.chen', // engineering-managers
};
const MANAGER = PERSONAS['a manager'];

const COMPONENTS = '/api/availability/components/default/component';

const databases = createTestDatabases();

/**
 * One portal on one database: the availability plugin stores in the
 * database under test; the catalog keeps its own SQLite database. `start`
 * runs the first collection (the backfill).
 */
function createPortal(databaseId: TestDatabaseId) {
  const scheduler = mockServices.scheduler();
  const cache = createResettableCache();
  const portal = {
    sandbox: undefined as unknown as SandboxServer,
    backend: undefined as unknown as TestBackend,
    /** The plugin's database, to read the store's cursors. */
    knex: undefined as unknown as Knex,
    /**
     * Moves the one clock on, to a second past a minute, so that a cycle run
     * now reads up to a known minute; rollouts progress and metrics follow.
     */
    advance(ms: number) {
      const to = Date.now() + ms;
      jest.setSystemTime(to - (to % MINUTE) + 1000);
      cache.reset();
    },
    async collect() {
      await scheduler.triggerTask(AVAILABILITY_COLLECTOR_ID);
    },
    start,
    stop,
  };

  async function start() {
    portal.knex = await databases.init(databaseId);
    const catalogKnex = await databases.init('SQLITE_3');
    portal.sandbox = await createSandboxServer({
      port: 0,
      now: () => new Date(),
      rolloutSeconds: 30,
    });
    // With 30 % of CloudWatch calls throttled (the faults test), the
    // default 3 attempts fail one call in 37, and the run with it; as the
    // collector's own sandbox test, give the SDK more.
    const demo = sandboxPortalConfig(portal.sandbox, { maxAttempts: 10 });
    portal.backend = await startAcceptanceBackend({
      config: {
        ...demo,
        shipyard: { ...demo.shipyard, availability: { backfill: BACKFILL } },
      },
      databases: { availability: portal.knex },
      catalogDatabase: catalogKnex,
      scheduler,
      cache: cache.factory,
      features: [
        catalogBackend,
        catalogModuleAws,
        permissionBackend,
        shipyardPolicyModule,
        availabilityPlugin,
      ],
      // The collector and the policy only see what the catalog has ingested.
      catalogReady: {
        component: 'component/default/ledger-service',
        componentRelatedTo: 'resource:default/prod',
        user: 'user/default/mei.chen',
      },
    });
    await portal.collect();
  }

  async function stop() {
    await portal.backend?.stop();
    await portal.sandbox?.close();
  }

  return portal;
}

const portals = new Map(
  databases
    .eachSupportedId()
    .map(([databaseId]) => [databaseId, createPortal(databaseId)]),
);

// The portals start together: one database's backfill waits on I/O while
// the other's runs.
beforeAll(async () => {
  // Only Date, ticking on: the drivers, the SDK's retries and the catalog
  // keep their real timers.
  jest.useFakeTimers({
    advanceTimers: true,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'requestAnimationFrame',
      'cancelAnimationFrame',
      'requestIdleCallback',
      'cancelIdleCallback',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
  await Promise.all([...portals.values()].map(portal => portal.start()));
});

afterAll(async () => {
  await Promise.all([...portals.values()].map(portal => portal.stop()));
  jest.useRealTimers();
});

/** The load balancer dimensions of a service's ALB metrics. */
function albDimensions(service: ScenarioService) {
  return [
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
}

// The whole journey on each database: a portal per database, each with its
// own sandbox, so the runs share nothing but the clock.
describe.each(databases.eachSupportedId())(
  'the availability backend on %s',
  databaseId => {
    const portal = portals.get(databaseId)!;
    const server = () => portal.backend.server;

    function get(url: string, user = MANAGER) {
      return request(server())
        .get(url)
        .set('Authorization', mockCredentials.user.header(user));
    }

    async function componentAvailability(
      name: string,
      period = '30d',
    ): Promise<ComponentAvailability> {
      const res = await get(`${COMPONENTS}/${name}?period=${period}`);
      expect(res.status).toBe(200);
      return res.body;
    }

    async function environmentOf(
      name: string,
      environment: string,
      period = '30d',
    ): Promise<EnvironmentAvailability> {
      const body = await componentAvailability(name, period);
      const found = body.environments.find(e => e.environment === environment);
      expect(found).toBeDefined();
      return found!;
    }

    async function portfolio(period = '30d'): Promise<Portfolio> {
      const res = await get(`/api/availability/portfolio?period=${period}`);
      expect(res.status).toBe(200);
      return res.body;
    }

    /** Where the collector has read every series up to. */
    async function cursors() {
      const series = await DefaultAvailabilityStore.create({
        knex: portal.knex,
      }).listSeries();
      return series.map(s => ({
        series: `${s.entityRef} ${s.environment}`,
        collectedUntil: s.collectedUntil?.getTime(),
      }));
    }

    /** The last settled minute a cycle run now reads up to. */
    const settledMinute = () => Date.now() - (Date.now() % MINUTE) - 2 * MINUTE;

    it('answers every signed-in persona, and refuses bad requests with the reason', async () => {
      // Fresh data, whatever the other database's tests did to the clock.
      await portal.collect();
      for (const url of [
        '/api/availability/portfolio',
        `${COMPONENTS}/checkout-api`,
      ]) {
        const anonymous = await request(server())
          .get(url)
          .set('Authorization', mockCredentials.none.header());
        expect(anonymous.status).toBe(401);
      }

      const badPeriod = await get('/api/availability/portfolio?period=1y');
      expect(badPeriod.status).toBe(400);
      expect(badPeriod.body.error.message).toContain('period');
      const badComponentPeriod = await get(
        `${COMPONENTS}/checkout-api?period=week`,
      );
      expect(badComponentPeriod.status).toBe(400);
      const malformed = await get(
        '/api/availability/portfolio?environment=Prod_1',
      );
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toContain('environment');
      const unknown = await get('/api/availability/portfolio?environment=qa');
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toMatchObject({ name: 'InputError' });
      for (const known of ['dev', 'staging', 'prod']) {
        expect(unknown.body.error.message).toContain(known);
      }
      const missing = await get(`${COMPONENTS}/no-such-service`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.name).toBe('NotFoundError');

      // Availability is not sensitive: everyone signed in reads all of it.
      const bodies = [];
      for (const user of Object.values(PERSONAS)) {
        const res = await get('/api/availability/portfolio', user);
        expect(res.status).toBe(200);
        bodies.push(res.body as Portfolio);
        const component = await get(`${COMPONENTS}/payments-gateway`, user);
        expect(component.status).toBe(200);
      }
      const [first] = bodies;
      // Every linked service in every environment: 9 services in each of 3.
      expect(first.rows).toHaveLength(27);
      expect(first.freshness).toMatchObject({ stale: false });
      for (const body of bodies) {
        expect(body.rows.map(r => `${r.entityRef} ${r.environment}`)).toEqual(
          first.rows.map(r => `${r.entityRef} ${r.environment}`),
        );
      }

      const prod = await get(
        '/api/availability/portfolio?environment=prod&period=7d',
      );
      expect(prod.status).toBe(200);
      expect(prod.body.range.period).toBe('7d');
      expect(
        new Set(
          prod.body.rows.map((r: { environment: string }) => r.environment),
        ),
      ).toEqual(new Set(['prod']));
    });

    it.each([
      ['incident', 'checkout-api'],
      ['bad-deployment', 'payments-gateway'],
    ] as const)(
      'shows the scenario’s %s of %s in prod as an incident with its start, end and duration',
      async (kind, component) => {
        // The series sums the service's regions: a window in each (the bad
        // release reached the DR region later) is one incident.
        const windows = portal.sandbox.scenario.windows.filter(
          w =>
            w.kind === kind &&
            w.component === component &&
            w.environment === 'prod',
        );
        expect(windows.length).toBeGreaterThan(0);
        const start = Math.min(...windows.map(w => w.start.getTime()));
        const end = Math.max(...windows.map(w => w.end.getTime()));

        const prod = await environmentOf(component, 'prod');
        const during = prod.incidents.filter(
          i =>
            Date.parse(i.start) < end + 15 * MINUTE &&
            Date.parse(i.end ?? new Date().toISOString()) > start - 15 * MINUTE,
        );
        expect(during).toHaveLength(1);
        const [incident] = during;
        expect(
          Math.abs(Date.parse(incident.start) - start),
        ).toBeLessThanOrEqual(5 * MINUTE);
        expect(incident.end).toBeDefined();
        expect(Math.abs(Date.parse(incident.end!) - end)).toBeLessThanOrEqual(
          5 * MINUTE,
        );
        expect(incident.durationMinutes).toBe(
          (Date.parse(incident.end!) - Date.parse(incident.start)) / MINUTE,
        );
        expect(
          Math.abs(incident.durationMinutes - (end - start) / MINUTE),
        ).toBeLessThanOrEqual(10);
        // A share of the requests failed, spending budget.
        expect(incident.availability).toBeLessThan(99);
        expect(incident.budgetSpent).toBeGreaterThan(0);
        expect(incident.budgetSpentPercent).toBeGreaterThan(0);
      },
    );

    it("shows checkout-api's prod figures over 7 days as its raw RequestCount and 5XX series in both regions give them", async () => {
      const prod = await environmentOf('checkout-api', 'prod', '7d');
      expect(prod.sli.kind).toBe('requests');
      const week = prod.periods.find(p => p.range.period === '7d')!;
      const series = (await cursors()).find(
        c => c.series === 'component:default/checkout-api prod',
      )!;
      // The period starts 7 days ago rounded down to the hour, or where the
      // series' data begins if later; it is counted up to the cursor.
      const from = Math.max(
        Date.parse(week.range.start),
        Date.parse(prod.since!),
      );
      const until = series.collectedUntil!;
      expect(Date.parse(week.range.start) % HOUR).toBe(0);
      expect(Date.now() - from).toBeGreaterThanOrEqual(7 * DAY);
      expect(Date.now() - from).toBeLessThan(7 * DAY + HOUR + MINUTE);

      const services = portal.sandbox.scenario.findServices({
        component: 'checkout-api',
        environment: 'prod',
      });
      expect(services.map(s => s.region).sort()).toEqual([
        'eu-central-1',
        'eu-west-1',
      ]);
      let good = 0;
      let total = 0;
      const minutesWithData = new Set<number>();
      for (const service of services) {
        const values = await readMetrics(service, from, until, [
          'RequestCount',
          'HTTPCode_Target_5XX_Count',
          'HTTPCode_ELB_5XX_Count',
        ]);
        const [requests, targetErrors, elbErrors] = values;
        for (const [t, count] of requests) {
          // CloudWatch publishes no zero counts: a missing 5XX is none.
          const errors = (targetErrors.get(t) ?? 0) + (elbErrors.get(t) ?? 0);
          total += count;
          good += count - Math.min(count, errors);
          minutesWithData.add(t);
        }
      }
      expect(total).toBeGreaterThan(0);
      expect(week.totals).toEqual({
        good,
        total,
        minutes: (until - from) / MINUTE,
        noDataMinutes: (until - from) / MINUTE - minutesWithData.size,
      });
      expect(week.availability).toBe((100 * good) / total);
      expect(week.budget).toMatchObject({
        unit: 'requests',
        total: expect.closeTo(total * 0.001, 6),
        consumed: total - good,
      });
    });

    it('shows a bad image deployed through UpdateService on the next cycle: an ongoing incident and a fast burn', async () => {
      const [service] = portal.sandbox.scenario.findServices({
        component: 'ledger-service',
        environment: 'prod',
      });
      await portal.collect();
      const before = await environmentOf('ledger-service', 'prod');
      expect(before.alert.fast).toBe(false);
      expect(before.incidents.filter(i => i.end === undefined)).toEqual([]);

      const where = { accountId: service.accountId, region: service.region };
      const ecs = new ECSClient(sandboxClientConfig(portal.sandbox, where));
      try {
        const [running] = (
          await ecs.send(
            new DescribeServicesCommand({
              cluster: service.cluster,
              services: [service.arn],
            }),
          )
        ).services!;
        const family = running.taskDefinition!.split('/').at(-1)!.split(':')[0];
        // The pipeline ships a bad image, tagged as it tags every release.
        const { taskDefinition: bad } = await ecs.send(
          new RegisterTaskDefinitionCommand({
            family,
            cpu: '512',
            memory: '1024',
            requiresCompatibilities: ['FARGATE'],
            networkMode: 'awsvpc',
            containerDefinitions: [
              {
                name: service.component,
                image: `${service.accountId}.dkr.ecr.${service.region}.amazonaws.com/${service.component}:9.9.9-bad`,
                essential: true,
              },
            ],
            tags: [
              { key: 'shipyard:deployed-by', value: 'ana.lima' },
              {
                key: 'shipyard:deployed-at',
                value: `${new Date().toISOString().slice(0, 19)}Z`,
              },
            ],
          }),
        );
        await ecs.send(
          new UpdateServiceCommand({
            cluster: service.cluster,
            service: service.arn,
            taskDefinition: bad!.taskDefinitionArn,
          }),
        );
      } finally {
        ecs.destroy();
      }
      const deployedAt = Date.now();

      // A quarter of an hour later, the next cycle.
      portal.advance(15 * MINUTE);
      await portal.collect();
      const after = await environmentOf('ledger-service', 'prod');
      expect(after.alert.fast).toBe(true);
      expect(['at-risk', 'breaching']).toContain(after.state);
      const fiveMinutes = after.burnRates.find(r => r.window === '5m')!;
      expect(fiveMinutes.rate).toBeGreaterThan(14.4);
      const ongoing = after.incidents.filter(i => i.end === undefined);
      expect(ongoing).toHaveLength(1);
      expect(
        Math.abs(Date.parse(ongoing[0].start) - deployedAt),
      ).toBeLessThanOrEqual(5 * MINUTE);
      expect(ongoing[0].durationMinutes).toBeGreaterThanOrEqual(10);

      // The portfolio's precomputed row says the same.
      const row = (await portfolio()).rows.find(
        r =>
          r.entityRef === 'component:default/ledger-service' &&
          r.environment === 'prod',
      )!;
      expect(row.alert).toEqual(after.alert);
      expect(row.state).toBe(after.state);
    });

    it('completes a cycle with the sandbox throttling 30 % of CloudWatch calls, losing no minute, and serves the pages meanwhile', async () => {
      await portal.collect();
      const fault = portal.sandbox.faults.add({
        service: 'cloudwatch',
        kind: 'throttle',
        rate: 0.3,
      });
      const stats = () =>
        portal.sandbox.stats.snapshot().services.cloudwatch?.operations
          .GetMetricData ?? { ok: 0, throttled: 0 };
      const throttledBefore = stats().throttled;
      try {
        // Long enough since the last cycle for several calls.
        portal.advance(40 * MINUTE);
        const until = settledMinute();
        await portal.collect();
        expect(stats().throttled).toBeGreaterThan(throttledBefore);

        // Every series was read up to the last settled minute.
        const after = await cursors();
        expect(after.length).toBe(27);
        expect(after).toEqual(
          after.map(c => ({ ...c, collectedUntil: until })),
        );

        // The pages read the database only: unaffected.
        const rows = (await portfolio('7d')).rows;
        expect(rows.length).toBe(27);
        const checkout = await environmentOf('checkout-api', 'prod', '7d');
        // No minute of the throttled cycle's span is missing.
        expect(checkout.periods[0].totals.noDataMinutes).toBe(0);
      } finally {
        portal.sandbox.faults.remove(fault.id);
      }
    });

    /** Sum per minute of each metric of a service's ALB, read straight from the sandbox. */
    async function readMetrics(
      service: ScenarioService,
      from: number,
      to: number,
      metrics: string[],
    ): Promise<Array<Map<number, number>>> {
      const cloudWatch = new CloudWatchClient(
        sandboxClientConfig(portal.sandbox, {
          accountId: service.accountId,
          region: service.region,
        }),
      );
      const queries: MetricDataQuery[] = metrics.map((metric, i) => ({
        Id: `m${i}`,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ApplicationELB',
            MetricName: metric,
            Dimensions: albDimensions(service),
          },
          Period: 60,
          Stat: 'Sum',
        },
      }));
      const values = metrics.map(() => new Map<number, number>());
      try {
        let nextToken: string | undefined;
        do {
          const page = await cloudWatch.send(
            new GetMetricDataCommand({
              StartTime: new Date(from),
              EndTime: new Date(to),
              MetricDataQueries: queries,
              NextToken: nextToken,
            }),
          );
          for (const result of page.MetricDataResults ?? []) {
            const series = values[Number(result.Id!.slice(1))];
            result.Timestamps?.forEach((t, i) =>
              series.set(t.getTime(), result.Values![i]),
            );
          }
          nextToken = page.NextToken;
        } while (nextToken);
      } finally {
        cloudWatch.destroy();
      }
      return values;
    }
  },
);
