/*
 * The acceptance test of the costs backend: the real catalog backend with
 * the demo catalog, the AWS catalog module, the real permission backend
 * with Shipyard's policy, and this plugin on its real database, collecting
 * from an in-process sandbox's Cost Explorer through the real AWS SDK. The
 * collector runs when the test triggers it, not on its schedule.
 *
 * Expected figures are read from the sandbox's Cost Explorer directly, with
 * the environment split the collector documents (config.d.ts): an
 * environment's costs are those tagged with its name, plus the costs
 * tagged with no environment billed to its accounts (an account shared by
 * several environments falls to the first listed).
 */
import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
} from '@aws-sdk/client-cost-explorer';
import {
  mockCredentials,
  mockServices,
  TestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import type {
  ComponentCosts,
  CostRow,
  Portfolio,
} from '@internal/plugin-costs-common';
import catalogModuleAws from '@internal/plugin-catalog-backend-module-aws';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import { createTestDatabases } from '@internal/test-databases';
import {
  createResettableCache,
  startAcceptanceBackend,
} from '@internal/backend-test-helpers';
import {
  DEMO_ENVIRONMENTS,
  SandboxServer,
  createSandboxServer,
  sandboxClientConfig,
  sandboxPortalConfig,
} from 'sandbox';
import request from 'supertest';
import { addDays, dayOf, firstDayOf } from './database/costDays';
import costsPlugin, { COSTS_COLLECTOR_ID } from './index';

jest.setTimeout(180_000);

const COMPONENT_TAG = 'shipyard:component';
const ENVIRONMENT_TAG = 'shipyard:environment';

// The demo organisation's personas (catalog/org.yaml).
const PERSONAS = {
  'a payments developer': 'user:default/priya.nair', // team-payments
  "another team's developer": 'user:default/jonas.weber', // team-freight
  'an SRE': 'user:default/sam.okafor', // platform-sre
  'a manager': 'user:default/mei.chen', // engineering-managers
};
const MANAGER = PERSONAS['a manager'];
const FREIGHT_DEVELOPER = PERSONAS["another team's developer"];

const COMPONENTS = '/api/costs/components/default/component';
const LEDGER = 'component:default/ledger-service';

const databases = createTestDatabases();

/**
 * One portal on one database: the costs plugin stores in the database under
 * test; the catalog keeps its own SQLite database. `start` runs the first
 * refresh (the backfill).
 */
function createPortal(databaseId: TestDatabaseId) {
  const scheduler = mockServices.scheduler();
  const cache = createResettableCache();
  const portal = {
    sandbox: undefined as unknown as SandboxServer,
    backend: undefined as unknown as TestBackend,
    start,
    stop,
  };

  async function start() {
    const knex = await databases.init(databaseId);
    const catalogKnex = await databases.init('SQLITE_3');
    portal.sandbox = await createSandboxServer({ port: 0 });
    const demo = sandboxPortalConfig(portal.sandbox);
    portal.backend = await startAcceptanceBackend({
      config: demo,
      databases: { costs: knex },
      catalogDatabase: catalogKnex,
      scheduler,
      cache: cache.factory,
      features: [
        catalogBackend,
        catalogModuleAws,
        permissionBackend,
        shipyardPolicyModule,
        costsPlugin,
      ],
      // The policy only sees what the catalog has ingested.
      catalogReady: {
        component: 'component/default/ledger-service',
        user: 'user/default/jonas.weber',
      },
    });
    await scheduler.triggerTask(COSTS_COLLECTOR_ID);
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

beforeAll(async () => {
  await Promise.all([...portals.values()].map(portal => portal.start()));
});

afterAll(async () => {
  await Promise.all([...portals.values()].map(portal => portal.stop()));
});

const sum = (amounts: number[]) => amounts.reduce((a, b) => a + b, 0);
const rowTotal = (row: { months: Array<{ amount: number }> }) =>
  sum(row.months.map(m => m.amount));

describe.each(databases.eachSupportedId())(
  'the costs backend on %s',
  databaseId => {
    const portal = portals.get(databaseId)!;
    const server = () => portal.backend.server;

    function get(url: string, user = MANAGER) {
      return request(server())
        .get(url)
        .set('Authorization', mockCredentials.user.header(user));
    }

    async function portfolio(user = MANAGER): Promise<Portfolio> {
      const res = await get('/api/costs/portfolio?months=12', user);
      expect(res.status).toBe(200);
      return res.body;
    }

    /**
     * The sandbox's own daily costs over [from, tomorrow) under `filter`,
     * grouped by component tag value ('' without the tag), summed.
     */
    async function rawByComponent(
      filter: Expression,
      from: string,
    ): Promise<Map<string, number>> {
      const client = new CostExplorerClient(
        sandboxClientConfig(portal.sandbox, {
          accountId: DEMO_ENVIRONMENTS[0].accountId,
          region: 'us-east-1',
        }),
      );
      const totals = new Map<string, number>();
      try {
        let token: string | undefined;
        do {
          const page = await client.send(
            new GetCostAndUsageCommand({
              TimePeriod: { Start: from, End: addDays(dayOf(Date.now()), 1) },
              Granularity: 'DAILY',
              Metrics: ['UnblendedCost'],
              GroupBy: [{ Type: 'TAG', Key: COMPONENT_TAG }],
              Filter: filter,
              NextPageToken: token,
            }),
          );
          for (const result of page.ResultsByTime ?? []) {
            for (const group of result.Groups ?? []) {
              // Cost Explorer writes a tag group as `key$value`.
              const value = group.Keys![0].slice(COMPONENT_TAG.length + 1);
              totals.set(
                value,
                (totals.get(value) ?? 0) +
                  Number(group.Metrics!.UnblendedCost.Amount),
              );
            }
          }
          token = page.NextPageToken;
        } while (token);
      } finally {
        client.destroy();
      }
      return totals;
    }

    /** Per environment and component tag value, the raw cost since `from`. */
    async function rawCosts(from: string) {
      const names = DEMO_ENVIRONMENTS.map(e => e.name);
      const claimed = new Set<string>();
      const byEnvironment = new Map<string, Map<string, number>>();
      for (const environment of DEMO_ENVIRONMENTS) {
        const totals = await rawByComponent(
          { Tags: { Key: ENVIRONMENT_TAG, Values: [environment.name] } },
          from,
        );
        if (!claimed.has(environment.accountId)) {
          claimed.add(environment.accountId);
          const untagged = await rawByComponent(
            {
              And: [
                { Not: { Tags: { Key: ENVIRONMENT_TAG, Values: names } } },
                {
                  Dimensions: {
                    Key: 'LINKED_ACCOUNT',
                    Values: [environment.accountId],
                  },
                },
              ],
            },
            from,
          );
          for (const [value, amount] of untagged) {
            totals.set(value, (totals.get(value) ?? 0) + amount);
          }
        }
        byEnvironment.set(environment.name, totals);
      }
      return byEnvironment;
    }

    it('refuses callers without a token and bad months, with the reason', async () => {
      for (const url of [
        '/api/costs/portfolio',
        `${COMPONENTS}/ledger-service`,
      ]) {
        const anonymous = await request(server())
          .get(url)
          .set('Authorization', mockCredentials.none.header());
        expect(anonymous.status).toBe(401);
      }
      for (const months of ['0', '13', 'six']) {
        const bad = await get(`/api/costs/portfolio?months=${months}`);
        expect(bad.status).toBe(400);
        expect(bad.body.error.message).toContain('months');
        const badComponent = await get(
          `${COMPONENTS}/ledger-service?months=${months}`,
        );
        expect(badComponent.status).toBe(400);
      }
      // A component the catalog does not hold is not found, whoever asks: a
      // developer's costs.read is conditional on the owner, which a missing
      // entity cannot meet, and must not turn that into a 403.
      for (const user of Object.values(PERSONAS)) {
        const missing = await get(`${COMPONENTS}/no-such-service`, user);
        expect({ user, status: missing.status }).toEqual({ user, status: 404 });
        expect(missing.body.error.name).toBe('NotFoundError');
      }
    });

    it("reports per environment, team and service the sums of the sandbox's raw costs, unattributed cost per environment", async () => {
      const body = await portfolio();
      expect(body.currency).toBe('USD');
      expect(body.months).toHaveLength(12);
      expect(body.freshness.stale).toBe(false);
      // The backfill's requests, counted and priced.
      expect(body.apiSpend.requests).toBeGreaterThan(0);
      expect(body.apiSpend.usd).toBeCloseTo(body.apiSpend.requests * 0.01, 6);

      const raw = await rawCosts(firstDayOf(body.months[0]));
      const catalogNames = new Set(
        body.rows.flatMap(r => (r.name ? [r.name] : [])),
      );
      for (const environment of DEMO_ENVIRONMENTS.map(e => e.name)) {
        const rows = body.rows.filter(r => r.environment === environment);
        const expected = raw.get(environment)!;
        // The environment's total.
        expect(sum(rows.map(rowTotal))).toBeCloseTo(
          sum([...expected.values()]),
          6,
        );
        // Each service's.
        for (const row of rows.filter(r => r.entityRef)) {
          expect(rowTotal(row)).toBeCloseTo(expected.get(row.name!) ?? 0, 6);
        }
        // Unattributed: no component tag (or one no catalog component holds).
        const unattributed = rows.filter(r => !r.entityRef);
        expect(unattributed).toHaveLength(1);
        const expectedUnattributed = sum(
          [...expected]
            .filter(([value]) => value === '' || !catalogNames.has(value))
            .map(([, amount]) => amount),
        );
        expect(expectedUnattributed).toBeGreaterThan(0);
        expect(rowTotal(unattributed[0])).toBeCloseTo(expectedUnattributed, 6);
        expect(unattributed[0].monthToDate).toBeGreaterThan(0);
        for (const row of rows) {
          expect(row.monthToDate).toBe(row.months.at(-1)!.amount);
          expect(row.previousMonth).toBe(row.months.at(-2)!.amount);
          expect(row.months.at(-1)!.estimated).toBe(true);
        }
      }

      // Per team: the rows of the services it owns, as the catalog says.
      const payments = body.rows.filter(
        r => r.owner === 'group:default/team-payments',
      );
      expect(new Set(payments.map(r => r.name))).toEqual(
        new Set(['ledger-service', 'payments-gateway']),
      );
      expect(sum(payments.map(rowTotal))).toBeCloseTo(
        sum(
          [...raw.values()].flatMap(totals => [
            totals.get('ledger-service') ?? 0,
            totals.get('payments-gateway') ?? 0,
          ]),
        ),
        6,
      );

      // A forecast per environment, at least what is already spent.
      expect(body.forecasts?.map(f => f.environment).sort()).toEqual([
        'dev',
        'prod',
        'staging',
      ]);
      for (const { environment, forecast } of body.forecasts!) {
        const spent = sum(
          body.rows
            .filter(r => r.environment === environment)
            .map(r => r.monthToDate),
        );
        expect(forecast.monthEnd).toBeGreaterThan(0);
        expect(forecast.low).toBeLessThanOrEqual(forecast.monthEnd);
        expect(forecast.high).toBeGreaterThanOrEqual(forecast.monthEnd);
        // The stored days before today plus the rest: more than today's part.
        expect(forecast.monthEnd).toBeGreaterThan(spent * 0.5);
      }
    });

    it("shows the seeded anomaly on ledger-service in prod, in the portfolio and on the service's costs", async () => {
      const body = await portfolio();
      const ledger = body.anomalies.filter(a => a.entityRef === LEDGER);
      expect(ledger).toHaveLength(1);
      expect(ledger[0]).toMatchObject({
        environment: 'prod',
        awsService: 'EC2 - Other',
      });
      expect(ledger[0].impact).toBeGreaterThan(0);

      const res = await get(`${COMPONENTS}/ledger-service`);
      expect(res.status).toBe(200);
      const costs: ComponentCosts = res.body;
      expect(costs.anomalies).toEqual(ledger);
      expect(costs.environments.map(e => e.environment)).toEqual([
        'dev',
        'staging',
        'prod',
      ]);
      const prod = costs.environments.find(e => e.environment === 'prod')!;
      const day = prod.days.find(d => d.day === ledger[0].start)!;
      // The anomaly's day: NAT data transfer several times its usual.
      const before = prod.days.find(
        d => d.day === addDays(ledger[0].start, -7),
      )!;
      expect(day.byService['EC2 - Other']).toBeGreaterThan(
        3 * before.byService['EC2 - Other'],
      );
      // The service's daily figures add up to its portfolio row.
      const row = body.rows.find(
        r => r.entityRef === LEDGER && r.environment === 'prod',
      )!;
      expect(prod.monthToDate).toBeCloseTo(row.monthToDate, 6);
      expect(prod.months).toEqual(row.months.slice(-6));
      expect(prod.teamShare).toBeGreaterThan(0);
      expect(prod.teamShare).toBeLessThan(100);
      expect(prod.forecast!.monthEnd).toBeGreaterThan(0);
    });

    it("refuses another team's developer a service's costs (403) and leaves it out of their portfolio", async () => {
      const denied = await get(
        `${COMPONENTS}/ledger-service`,
        FREIGHT_DEVELOPER,
      );
      expect(denied.status).toBe(403);
      expect(denied.body.error.name).toBe('NotAllowedError');
      const own = await get(
        `${COMPONENTS}/freight-quote-api`,
        FREIGHT_DEVELOPER,
      );
      expect(own.status).toBe(200);
      expect(own.body.environments.length).toBeGreaterThan(0);

      const all = await portfolio();
      const theirs = await portfolio(FREIGHT_DEVELOPER);
      const owners = new Set(theirs.rows.map(r => r.owner));
      expect(owners).toEqual(
        new Set(['group:default/team-freight', undefined]),
      );
      expect(theirs.rows).toEqual(
        all.rows.filter(
          (r: CostRow) =>
            !r.entityRef || r.owner === 'group:default/team-freight',
        ),
      );
      // Unattributed cost in every environment, for every reader.
      expect(theirs.rows.filter(r => !r.entityRef)).toHaveLength(3);
      expect(theirs.anomalies.some(a => a.entityRef === LEDGER)).toBe(false);
      expect(theirs).not.toHaveProperty('withheld');

      // The owning team's developer reads it.
      const owner = await get(
        `${COMPONENTS}/ledger-service`,
        PERSONAS['a payments developer'],
      );
      expect(owner.status).toBe(200);
    });

    it('shows the manager and the SRE everything', async () => {
      const manager = await portfolio(MANAGER);
      const sre = await portfolio(PERSONAS['an SRE']);
      // Every demo service in every environment, and the unattributed cost.
      expect(manager.rows.filter(r => r.entityRef)).toHaveLength(27);
      expect(sre.rows).toEqual(manager.rows);
      expect(sre.anomalies).toEqual(manager.anomalies);
      for (const user of [MANAGER, PERSONAS['an SRE']]) {
        expect((await get(`${COMPONENTS}/ledger-service`, user)).status).toBe(
          200,
        );
        expect(
          (await get(`${COMPONENTS}/freight-quote-api`, user)).status,
        ).toBe(200);
      }
    });
  },
);
