/*
 * The acceptance test of the security backend: the real catalog backend with
 * the demo catalog, the AWS catalog module, the real permission backend with
 * Shipyard's policy, the notifications backend, and this plugin on its real
 * database, syncing an in-process sandbox's GuardDuty through the real AWS
 * SDK. The collector runs when the test triggers it, not on its schedule.
 *
 * Expected figures are read from the sandbox's GuardDuty directly
 * (GetFindingsStatistics, ListFindings), as a person with the console would.
 */
import {
  ArchiveFindingsCommand,
  GetFindingsStatisticsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
} from '@aws-sdk/client-guardduty';
import {
  mockCredentials,
  mockServices,
  TestBackend,
  TestDatabaseId,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import notificationsBackend from '@backstage/plugin-notifications-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  FindingList,
  FindingSummary,
  Overview,
  severityBand,
  SeverityCounts,
} from '@internal/plugin-security-common';
import catalogModuleAws from '@internal/plugin-catalog-backend-module-aws';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import { createTestDatabases } from '@internal/test-databases';
import {
  createResettableCache,
  startAcceptanceBackend,
  eventually,
} from '@internal/backend-test-helpers';
import {
  createSandboxServer,
  sandboxClientConfig,
  sandboxPortalConfig,
  SandboxServer,
} from 'sandbox';
import request from 'supertest';
import securityPlugin, { SECURITY_COLLECTOR_ID } from './index';

jest.setTimeout(180_000);

// The demo organisation's personas (catalog/org.yaml).
const SRE = 'user:default/sam.okafor'; // platform-sre
const STOREFRONT_DEVELOPER = 'user:default/ana.lima'; // team-storefront
const MANAGER = 'user:default/mei.chen'; // engineering-managers
const PERSONAS = [SRE, STOREFRONT_DEVELOPER, MANAGER];
const STOREFRONT = 'group:default/team-storefront';
const FREIGHT = 'group:default/team-freight';

const NONPROD = '111111111111';
const PROD = '222222222222';
const API = '/api/security';
const COMPONENTS = `${API}/components/default/component`;
const ACTIVE = { Criterion: { 'service.archived': { Equals: ['false'] } } };

const databases = createTestDatabases();

/**
 * One portal on one database: the security plugin stores in the database
 * under test; the catalog and the notifications backend keep their own
 * SQLite databases. `start` runs the first sync (the first import).
 */
function createPortal(databaseId: TestDatabaseId) {
  const scheduler = mockServices.scheduler();
  const cache = createResettableCache();
  const portal = {
    sandbox: undefined as unknown as SandboxServer,
    backend: undefined as unknown as TestBackend,
    sync: () => scheduler.triggerTask(SECURITY_COLLECTOR_ID),
    start,
    stop,
  };

  async function start() {
    const knex = await databases.init(databaseId);
    const catalogKnex = await databases.init('SQLITE_3');
    const notificationsKnex = await databases.init('SQLITE_3');
    portal.sandbox = await createSandboxServer({ port: 0 });
    const demo = sandboxPortalConfig(portal.sandbox);
    portal.backend = await startAcceptanceBackend({
      // The notifications backend links to the app.
      config: { ...demo, app: { baseUrl: 'http://localhost:3000' } },
      databases: { security: knex, notifications: notificationsKnex },
      catalogDatabase: catalogKnex,
      scheduler,
      cache: cache.factory,
      features: [
        catalogBackend,
        catalogModuleAws,
        permissionBackend,
        shipyardPolicyModule,
        notificationsBackend,
        securityPlugin,
      ],
      // The policy and the notifications only see what the catalog has ingested.
      catalogReady: {
        component: 'component/default/checkout-api',
        user: 'user/default/ana.lima',
      },
    });
    await portal.sync();
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

const sum = (counts: SeverityCounts) =>
  Object.values(counts).reduce((a, b) => a + b, 0);

describe.each(databases.eachSupportedId())(
  'the security backend on %s',
  databaseId => {
    const portal = portals.get(databaseId)!;
    const server = () => portal.backend.server;

    function get(url: string, user = SRE) {
      return request(server())
        .get(url)
        .set('Authorization', mockCredentials.user.header(user));
    }

    async function overview(user = SRE, query = ''): Promise<Overview> {
      const res = await get(`${API}/overview${query}`, user);
      expect(res.status).toBe(200);
      return res.body;
    }

    /** Every finding of a list, page by page (200 a page). */
    async function allFindings(
      user = SRE,
      query = '',
    ): Promise<FindingSummary[]> {
      const items: FindingSummary[] = [];
      for (let offset = 0; ; offset += 200) {
        const res = await get(
          `${API}/findings?limit=200&offset=${offset}${query}`,
          user,
        );
        expect(res.status).toBe(200);
        const page: FindingList = res.body;
        items.push(...page.items);
        if (items.length >= page.totalCount) {
          return items;
        }
      }
    }

    function guardDuty(accountId: string, region: string) {
      return new GuardDutyClient(
        sandboxClientConfig(portal.sandbox, { accountId, region }),
      );
    }

    /** GuardDuty's own counts of active findings by band, in one account and region. */
    async function statistics(accountId: string): Promise<SeverityCounts> {
      const client = guardDuty(accountId, 'eu-west-1');
      try {
        const { DetectorIds } = await client.send(new ListDetectorsCommand({}));
        const { FindingStatistics } = await client.send(
          new GetFindingsStatisticsCommand({
            DetectorId: DetectorIds![0],
            FindingStatisticTypes: ['COUNT_BY_SEVERITY'],
            FindingCriteria: ACTIVE,
          }),
        );
        const counts: SeverityCounts = {
          critical: 0,
          high: 0,
          medium: 0,
          low: 0,
          unknown: 0,
        };
        for (const [severity, count] of Object.entries(
          FindingStatistics!.CountBySeverity!,
        )) {
          counts[severityBand(Number(severity))] += count;
        }
        return counts;
      } finally {
        client.destroy();
      }
    }

    /** The notifications a user has from the security plugin. */
    async function securityNotifications(user: string) {
      const res = await get('/api/notifications/notifications?limit=100', user);
      expect(res.status).toBe(200);
      return (
        res.body.notifications as Array<{
          payload: {
            title: string;
            link?: string;
            severity?: string;
            scope?: string;
            topic?: string;
          };
        }>
      ).filter(n => n.payload.topic?.startsWith('security:'));
    }

    it('refuses callers without a token, unknown environments and malformed parameters, with the reason', async () => {
      for (const url of [
        `${API}/overview`,
        `${API}/findings`,
        `${API}/findings/abc`,
        `${COMPONENTS}/checkout-api`,
      ]) {
        const anonymous = await request(server())
          .get(url)
          .set('Authorization', mockCredentials.none.header());
        expect(anonymous.status).toBe(401);
      }
      for (const url of [
        `${API}/overview?environment=qa`,
        `${API}/findings?environment=qa`,
      ]) {
        const res = await get(url);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toMatch(/qa/);
        expect(res.body.error.message).toMatch(/dev, staging, prod/);
      }
      for (const [query, parameter] of [
        ['band=severe', 'band'],
        ['platform=yes', 'platform'],
        ['limit=500', 'limit'],
        [`entityRef=${encodeURIComponent('component:default/')}`, 'entityRef'],
        [`owner=${encodeURIComponent('group:/x')}`, 'owner'],
      ]) {
        const res = await get(`${API}/findings?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(parameter);
      }
      expect((await get(`${API}/overview?days=45`)).status).toBe(400);
    });

    it('answers 404 for a component that is not in the catalog, to every persona', async () => {
      for (const user of PERSONAS) {
        const res = await get(`${COMPONENTS}/no-such-service`, user);
        expect(res.status).toBe(404);
        expect(res.body.error.name).toBe('NotFoundError');
      }
    });

    it("shows the SRE every finding, platform findings included, with counts equal to GuardDuty's statistics and the DR region off", async () => {
      const body = await overview();
      expect(body).toMatchObject({ scope: 'all', details: 'all' });
      expect(body.freshness.stale).toBe(false);
      expect(body.freshness.syncedAt).toBeDefined();
      const byName = new Map(body.environments.map(e => [e.environment, e]));
      expect([...byName.keys()]).toEqual(['dev', 'staging', 'prod']);

      // Dev and staging share one account and region: one detector.
      const nonprod = await statistics(NONPROD);
      const prodStatistics = await statistics(PROD);
      const shared = (['dev', 'staging'] as const).map(n => byName.get(n)!);
      for (const band of Object.keys(nonprod) as Array<keyof SeverityCounts>) {
        expect(shared[0].counts[band] + shared[1].counts[band]).toBe(
          nonprod[band],
        );
        expect(byName.get('prod')!.counts[band]).toBe(prodStatistics[band]);
      }
      expect(sum(byName.get('prod')!.counts)).toBeGreaterThan(0);

      const prod = byName.get('prod')!;
      expect(prod.detectors).toEqual([
        expect.objectContaining({
          accountId: PROD,
          region: 'eu-west-1',
          status: 'enabled',
        }),
        expect.objectContaining({
          accountId: PROD,
          region: 'eu-central-1',
          status: 'off',
        }),
      ]);
      // Untagged resources are the platform's, never dropped.
      expect(sum(prod.platformCounts)).toBeGreaterThan(0);
      // The trend ends at today's counts.
      const { day: _day, ...today } = prod.trend.at(-1)!;
      expect(today).toEqual(prod.counts);

      // The list holds every active finding: platform ones without a service.
      const findings = await allFindings();
      expect(findings).toHaveLength(sum(nonprod) + sum(prodStatistics));
      const platform = findings.filter(f => !f.entityRef);
      expect(platform.length).toBe(
        body.environments.reduce((n, e) => n + sum(e.platformCounts), 0),
      );
      expect(platform.map(f => f.resource.label).join('\n')).toMatch(/bastion/);
      for (const attributed of findings.filter(f => f.entityRef)) {
        expect(attributed.owner).toMatch(/^group:default\/team-/);
      }
      expect(
        (await allFindings(SRE, '&platform=true')).map(f => f.id).sort(),
      ).toEqual(platform.map(f => f.id).sort());

      // One of them in detail, with GuardDuty's own JSON.
      const res = await get(`${API}/findings/${platform[0].id}`);
      expect(res.status).toBe(200);
      expect(res.body.summary).toEqual(platform[0]);
      expect(res.body.detail).toMatchObject({ Id: platform[0].id });
      expect(res.body.summary.consoleUrl).toBe(
        `https://${platform[0].region}.console.aws.amazon.com/guardduty/home?region=${platform[0].region}#/findings?macros=current&fId=${platform[0].id}`,
      );
    });

    it("shows a developer only their team's findings, and refuses another team's service (403)", async () => {
      const body = await overview(STOREFRONT_DEVELOPER);
      expect(body).toMatchObject({ scope: 'own', details: 'own' });
      expect(body.services.length).toBeGreaterThan(0);
      for (const service of body.services) {
        expect(service.owner).toBe(STOREFRONT);
      }
      for (const environment of body.environments) {
        expect(sum(environment.platformCounts)).toBe(0);
      }

      const all = await allFindings(SRE);
      const own = await allFindings(STOREFRONT_DEVELOPER);
      expect(own.length).toBeGreaterThan(0);
      expect(own).toEqual(all.filter(f => f.owner === STOREFRONT));
      expect(await allFindings(STOREFRONT_DEVELOPER, '&platform=true')).toEqual(
        [],
      );

      // Another team's service: refused, by entity ref, tab and finding.
      const freight = all.find(f => f.owner === FREIGHT)!;
      expect(freight).toBeDefined();
      const ref = encodeURIComponent(freight.entityRef!);
      const filtered = await get(
        `${API}/findings?entityRef=${ref}`,
        STOREFRONT_DEVELOPER,
      );
      expect(filtered.status).toBe(403);
      expect(filtered.body.error.name).toBe('NotAllowedError');
      const name = freight.entityRef!.split('/')[1];
      expect(
        (await get(`${COMPONENTS}/${name}`, STOREFRONT_DEVELOPER)).status,
      ).toBe(403);
      expect(
        (await get(`${API}/findings/${freight.id}`, STOREFRONT_DEVELOPER))
          .status,
      ).toBe(403);
      const platform = all.find(f => !f.entityRef)!;
      expect(
        (await get(`${API}/findings/${platform.id}`, STOREFRONT_DEVELOPER))
          .status,
      ).toBe(403);

      // Their own service, in full.
      const mine = own[0];
      const tab = await get(
        `${COMPONENTS}/${mine.entityRef!.split('/')[1]}`,
        STOREFRONT_DEVELOPER,
      );
      expect(tab.status).toBe(200);
      expect(tab.body.details).toBe(true);
      expect(tab.body.findings.map((f: FindingSummary) => f.id)).toContain(
        mine.id,
      );
      expect(
        (await get(`${API}/findings/${mine.id}`, STOREFRONT_DEVELOPER)).status,
      ).toBe(200);
    });

    it('shows a manager every count but no finding', async () => {
      const manager = await overview(MANAGER);
      const sre = await overview(SRE);
      expect(manager).toMatchObject({ scope: 'all', details: 'none' });
      expect(manager.environments).toEqual(sre.environments);
      expect(manager.services).toEqual(sre.services);

      const service = sre.services[0];
      const tab = await get(
        `${COMPONENTS}/${service.entityRef.split('/')[1]}`,
        MANAGER,
      );
      expect(tab.status).toBe(200);
      expect(tab.body.details).toBe(false);
      expect(tab.body).not.toHaveProperty('findings');
      expect(
        tab.body.environments.find(
          (e: { environment: string }) => e.environment === service.environment,
        ).counts,
      ).toEqual(service.counts);

      const list = await get(`${API}/findings`, MANAGER);
      expect(list.status).toBe(403);
      expect(list.body.error.name).toBe('NotAllowedError');
      const [finding] = await allFindings(SRE);
      expect((await get(`${API}/findings/${finding.id}`, MANAGER)).status).toBe(
        403,
      );
    });

    it('takes a finding archived in GuardDuty out of the active list on the next sync', async () => {
      const [finding] = await allFindings(SRE, '&environment=prod');
      const client = guardDuty(finding.accountId, finding.region);
      try {
        const { DetectorIds } = await client.send(new ListDetectorsCommand({}));
        await client.send(
          new ArchiveFindingsCommand({
            DetectorId: DetectorIds![0],
            FindingIds: [finding.id],
          }),
        );
      } finally {
        client.destroy();
      }
      // Still active until the collector looks again.
      expect((await allFindings(SRE)).map(f => f.id)).toContain(finding.id);
      await portal.sync();
      expect((await allFindings(SRE)).map(f => f.id)).not.toContain(finding.id);
      const archived = await allFindings(SRE, '&archived=true');
      const found = archived.find(f => f.id === finding.id)!;
      expect(found).toMatchObject({ archived: true });
      expect(found.archivedAt).toBeDefined();
      // The overview reads the findings again within seconds of a sync.
      const expected = await statistics(PROD);
      await eventually(
        'the overview after the sync',
        async () => {
          const body = await overview();
          const prod = body.environments.find(e => e.environment === 'prod')!;
          return JSON.stringify(prod.counts) === JSON.stringify(expected)
            ? true
            : undefined;
        },
        15_000,
      );
    });

    it('notifies the owning team and the SREs of a new high finding after the first import, and not of the backlog', async () => {
      // The first import found high and critical findings: nobody's news.
      expect(await securityNotifications(SRE)).toEqual([]);
      expect(await securityNotifications(STOREFRONT_DEVELOPER)).toEqual([]);

      const added = await request(portal.sandbox.url)
        .post('/_sandbox/guardduty/findings')
        .send({
          component: 'checkout-api',
          environment: 'prod',
          type: 'CryptoCurrency:Runtime/BitcoinTool.B',
          severity: 9.2,
        });
      expect(added.status).toBe(201);
      await portal.sync();

      for (const user of [SRE, STOREFRONT_DEVELOPER]) {
        const notifications = await eventually(
          `${user}'s notification`,
          async () => {
            const found = await securityNotifications(user);
            return found.length > 0 ? found : undefined;
          },
        );
        expect(notifications).toEqual([
          expect.objectContaining({
            payload: expect.objectContaining({
              title:
                'Critical GuardDuty finding CryptoCurrency:Runtime/BitcoinTool.B on checkout-api in prod',
              link: '/catalog/default/component/checkout-api/security',
              severity: 'critical',
              scope: `guardduty:${added.body.accountId}/${added.body.region}/${added.body.id}`,
            }),
          }),
        ]);
      }
      // Neither another team nor the managers.
      expect(await securityNotifications('user:default/jonas.weber')).toEqual(
        [],
      );
      expect(await securityNotifications(MANAGER)).toEqual([]);
      // Once: the next sync finds nothing new.
      await portal.sync();
      expect(await securityNotifications(SRE)).toHaveLength(1);
    });
  },
);
