import { mockCredentials } from '@backstage/backend-test-utils';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ShipyardEnvironment } from '@internal/plugin-aws-common';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';
import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DefaultSecurityStore } from '../database/DefaultSecurityStore';
import { StoredFinding } from '../database/SecurityStore';
import { DefaultSecurityModel } from './DefaultSecurityModel';
import { FindingAccess, FindingsFilter } from './ScopedSecurityModel';
import { RecentFindings } from './RecentFindings';
import { SecurityComponent, refKey } from './SecurityComponents';

jest.setTimeout(120_000);

const NOW = new Date('2026-12-10T12:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const NONPROD = '111111111111';
const PROD = '222222222222';
const SYNC_INTERVAL_MS = 15 * 60_000;

const environment = (
  name: string,
  tier: ShipyardEnvironment['tier'],
  accountId: string,
  regions: string[],
): ShipyardEnvironment => ({
  name,
  tier,
  accounts: [{ accountId, regions }] as ShipyardEnvironment['accounts'],
  ecsClusters: [],
  eksClusters: [],
});
// Listed out of tier order: the views sort them.
const CONFIGURED = [
  environment('prod', 'prod', PROD, ['eu-west-1', 'eu-central-1']),
  environment('staging', 'staging', NONPROD, ['eu-west-1']),
  environment('dev', 'dev', NONPROD, ['eu-west-1']),
];
const ENVIRONMENTS = {
  list: () => CONFIGURED,
  get: (name: string) => {
    const found = CONFIGURED.find(e => e.name === name);
    if (!found) {
      throw new InputError(`Unknown environment '${name}'`);
    }
    return found;
  },
  targets: (name: string) =>
    CONFIGURED.find(e => e.name === name)!.accounts.flatMap(a =>
      a.regions.map(region => ({ accountId: a.accountId, region })),
    ),
} as Partial<ShipyardEnvironments> as ShipyardEnvironments;

const CHECKOUT: SecurityComponent = {
  entityRef: 'component:default/checkout-api',
  title: 'Checkout API',
  owner: 'group:default/team-storefront',
  system: 'system:default/storefront',
  tagValue: 'checkout-api',
};
const QUOTE: SecurityComponent = {
  entityRef: 'component:default/freight-quote-api',
  owner: 'group:default/team-freight',
  tagValue: 'freight-quote',
};
const DIRECTORY = {
  byTagValue: new Map([CHECKOUT, QUOTE].map(c => [c.tagValue, c])),
  byRef: new Map([CHECKOUT, QUOTE].map(c => [refKey(c.entityRef), c])),
  version: 1,
};

function finding(id: string, more: Partial<StoredFinding> = {}): StoredFinding {
  return {
    accountId: PROD,
    region: 'eu-west-1',
    id,
    environment: 'prod',
    component: 'checkout-api',
    type: 'Runtime:Container/ReverseShell',
    title: 'A container opened a reverse shell.',
    description: `Finding ${id}.`,
    severity: 8.2,
    band: 'high',
    resourceType: 'ECSCluster',
    resourceLabel: `task ${id} in prod-apps`,
    resourceArn: `arn:aws:ecs:eu-west-1:${PROD}:task/prod-apps/${id}`,
    firstSeen: ago(5 * DAY),
    lastSeen: ago(HOUR),
    updatedAt: ago(HOUR),
    count: 3,
    archived: false,
    raw: { Id: id, Severity: 8.2, Resource: { ResourceType: 'ECSCluster' } },
    ...more,
  };
}

const FINDINGS: StoredFinding[] = [
  finding('p-checkout-crit', {
    band: 'critical',
    severity: 9.4,
    type: 'AttackSequence:ECS/CompromisedCluster',
  }),
  finding('p-checkout-high'),
  finding('p-quote-high', {
    component: 'freight-quote',
    lastSeen: ago(2 * HOUR),
  }),
  finding('p-quote-medium', {
    component: 'freight-quote',
    band: 'medium',
    severity: 5,
    type: 'Execution:Runtime/NewBinaryExecuted',
    // Seen 20 days ago and not since.
    firstSeen: ago(20 * DAY),
    lastSeen: ago(20 * DAY),
  }),
  // Platform: an untagged bastion.
  finding('p-bastion', {
    component: undefined,
    band: 'low',
    severity: 2,
    type: 'Recon:EC2/PortProbeUnprotectedPort',
    resourceType: 'Instance',
    resourceLabel: 'instance i-0abc (bastion)',
    resourceArn: undefined,
  }),
  // Platform too: a tag value no catalog component holds.
  finding('p-retired', { component: 'retired-thing', band: 'medium' }),
  // Archived 10 days ago; and 40 days ago.
  finding('p-checkout-archived', {
    archived: true,
    archivedAt: ago(10 * DAY),
    firstSeen: ago(30 * DAY),
    lastSeen: ago(11 * DAY),
  }),
  finding('p-checkout-old', {
    archived: true,
    archivedAt: ago(40 * DAY),
    firstSeen: ago(60 * DAY),
    lastSeen: ago(41 * DAY),
  }),
  // Staging and dev share an account and region.
  finding('s-checkout', {
    accountId: NONPROD,
    environment: 'staging',
    band: 'unknown',
    severity: undefined,
  }),
  finding('d-quote', {
    accountId: NONPROD,
    environment: 'dev',
    component: 'freight-quote',
    band: 'low',
    severity: 1,
  }),
  // An environment no longer configured.
  finding('q-checkout', { environment: 'qa', band: 'critical' }),
  // What GuardDuty sent was not even an object.
  finding('p-malformed', {
    component: undefined,
    band: 'unknown',
    severity: undefined,
    type: undefined,
    title: undefined,
    description: undefined,
    resourceLabel: 'unknown resource',
    resourceType: undefined,
    resourceArn: undefined,
    firstSeen: undefined,
    lastSeen: undefined,
    updatedAt: undefined,
    count: undefined,
    raw: 'not an object',
  }),
];

const FILTER: FindingsFilter = { archived: false, offset: 0, limit: 50 };
const ALL: FindingAccess = { all: true };
const OWN: FindingAccess = {
  all: false,
  entityRefs: new Set([CHECKOUT.entityRef]),
};

describe('DefaultSecurityModel', () => {
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

  async function setUp(
    databaseId: TestDatabaseId,
    options: { lastSync?: Date; maxAgeMs?: number } = {
      lastSync: ago(10 * 60_000),
    },
  ) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = DefaultSecurityStore.create({ knex });
    await store.upsertFindings(FINDINGS);
    await store.writeDetector({
      accountId: PROD,
      region: 'eu-west-1',
      detectorId: 'd-prod',
      status: 'enabled',
      checkedAt: ago(10 * 60_000),
      cursor: ago(HOUR),
    });
    await store.writeDetector({
      accountId: PROD,
      region: 'eu-central-1',
      status: 'off',
      checkedAt: ago(10 * 60_000),
    });
    await store.writeDetector({
      accountId: NONPROD,
      region: 'eu-west-1',
      detectorId: 'd-nonprod',
      status: 'error',
      checkedAt: ago(10 * 60_000),
      message: 'GuardDuty throttled the sync (TooManyRequestsException)',
    });
    if (options.lastSync) {
      await store.writeLastSync(options.lastSync);
    }
    const catalog = {
      getEntityByRef: jest.fn(
        async (ref: unknown): Promise<Entity | undefined> => {
          const name =
            typeof ref === 'string' ? ref : (ref as { name: string }).name;
          return name.endsWith('docs-site')
            ? {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: 'docs-site', namespace: 'default' },
              }
            : undefined;
        },
      ),
    };
    const model = DefaultSecurityModel.create({
      store,
      recent: RecentFindings.create({
        store,
        minAgeMs: 0,
        maxAgeMs: options.maxAgeMs ?? 60_000,
      }),
      catalog: catalog as Partial<CatalogService> as CatalogService,
      environments: ENVIRONMENTS,
      components: { directory: async () => DIRECTORY },
      syncIntervalMs: SYNC_INTERVAL_MS,
    });
    const ids = async (filter: Partial<FindingsFilter>, access = ALL) =>
      (
        await model.listFindings({ filter: { ...FILTER, ...filter }, access })
      ).items.map(f => f.id);
    return { model, store, knex, catalog, ids };
  }

  describe('getOverview', () => {
    it.each(databases.eachSupportedId())(
      'counts every active finding per environment in tier order, platform findings apart, %p',
      async databaseId => {
        const { model } = await setUp(databaseId);
        const overview = await model.getOverview({ days: 30, access: ALL });
        expect(overview.freshness).toEqual({
          syncedAt: ago(10 * 60_000).toISOString(),
          stale: false,
        });
        expect(overview.environments.map(e => [e.environment, e.tier])).toEqual(
          [
            ['dev', 'dev'],
            ['staging', 'staging'],
            ['prod', 'prod'],
          ],
        );
        const prod = overview.environments[2];
        expect(prod.counts).toEqual({
          critical: 1,
          high: 2,
          medium: 2,
          low: 1,
          unknown: 1,
        });
        expect(prod.platformCounts).toEqual({
          critical: 0,
          high: 0,
          medium: 1,
          low: 1,
          unknown: 1,
        });
        expect(prod.detectors).toEqual([
          {
            accountId: PROD,
            region: 'eu-west-1',
            status: 'enabled',
            detectorId: 'd-prod',
            checkedAt: ago(10 * 60_000).toISOString(),
          },
          {
            accountId: PROD,
            region: 'eu-central-1',
            status: 'off',
            checkedAt: ago(10 * 60_000).toISOString(),
          },
        ]);
        // Both environments of the shared account show its detector.
        for (const e of overview.environments.slice(0, 2)) {
          expect(e.detectors).toEqual([
            expect.objectContaining({
              status: 'error',
              message:
                'GuardDuty throttled the sync (TooManyRequestsException)',
            }),
          ]);
        }
        expect(prod.topTypes).toEqual([
          { type: 'Runtime:Container/ReverseShell', count: 3 },
          { type: 'AttackSequence:ECS/CompromisedCluster', count: 1 },
          { type: 'Execution:Runtime/NewBinaryExecuted', count: 1 },
          { type: 'Recon:EC2/PortProbeUnprotectedPort', count: 1 },
        ]);
        // Today's point is what is active now; 15 days ago the archived
        // finding was active and the retired one (first seen 5 days ago) not.
        expect(prod.trend).toHaveLength(30);
        const { day, ...today } = prod.trend[29];
        expect(day).toBe('2026-12-10');
        expect(today).toEqual(prod.counts);
        expect(prod.trend[14]).toEqual({
          day: '2026-11-25',
          critical: 0,
          high: 1,
          medium: 1,
          low: 0,
          unknown: 1,
        });

        expect(overview.services).toEqual([
          {
            entityRef: CHECKOUT.entityRef,
            title: 'Checkout API',
            owner: 'group:default/team-storefront',
            system: 'system:default/storefront',
            environment: 'prod',
            counts: { critical: 1, high: 1, medium: 0, low: 0, unknown: 0 },
          },
          {
            entityRef: QUOTE.entityRef,
            owner: 'group:default/team-freight',
            environment: 'prod',
            counts: { critical: 0, high: 1, medium: 1, low: 0, unknown: 0 },
          },
          {
            entityRef: QUOTE.entityRef,
            owner: 'group:default/team-freight',
            environment: 'dev',
            counts: { critical: 0, high: 0, medium: 0, low: 1, unknown: 0 },
          },
          {
            entityRef: CHECKOUT.entityRef,
            title: 'Checkout API',
            owner: 'group:default/team-storefront',
            system: 'system:default/storefront',
            environment: 'staging',
            counts: { critical: 0, high: 0, medium: 0, low: 0, unknown: 1 },
          },
        ]);
      },
    );

    it.each(databases.eachSupportedId())(
      'counts only the services of a narrower access, no platform finding, and one environment when asked, %p',
      async databaseId => {
        const { model } = await setUp(databaseId);
        const overview = await model.getOverview({
          environment: 'prod',
          days: 90,
          access: OWN,
        });
        expect(overview.environments).toHaveLength(1);
        const [prod] = overview.environments;
        expect(prod.counts).toEqual({
          critical: 1,
          high: 1,
          medium: 0,
          low: 0,
          unknown: 0,
        });
        expect(prod.platformCounts).toEqual({
          critical: 0,
          high: 0,
          medium: 0,
          low: 0,
          unknown: 0,
        });
        expect(prod.trend).toHaveLength(90);
        // The archived findings count in the trend while they were active.
        const points = [89 - 70, 89 - 45, 89 - 15, 89].map(i => prod.trend[i]);
        expect(points.map(p => p.high)).toEqual([0, 1, 1, 1]);
        expect(points.map(p => p.critical)).toEqual([0, 0, 0, 1]);
        expect(overview.services.map(s => s.entityRef)).toEqual([
          CHECKOUT.entityRef,
        ]);
      },
    );

    it.each(databases.eachSupportedId())(
      'is stale before the first sync and two intervals after the last, %p',
      async databaseId => {
        const { model, store } = await setUp(databaseId, {});
        expect(
          (await model.getOverview({ days: 30, access: ALL })).freshness,
        ).toEqual({ stale: true });
        await store.writeLastSync(ago(2 * SYNC_INTERVAL_MS + 1));
        expect(
          (await model.getOverview({ days: 30, access: ALL })).freshness,
        ).toEqual({
          syncedAt: ago(2 * SYNC_INTERVAL_MS + 1).toISOString(),
          stale: true,
        });
        await store.writeLastSync(ago(2 * SYNC_INTERVAL_MS));
        expect(
          (await model.getOverview({ days: 30, access: ALL })).freshness.stale,
        ).toBe(false);
      },
    );

    it.each(databases.eachSupportedId())(
      'shows an account and region the collector has not looked at yet as unknown, %p',
      async databaseId => {
        const { model, knex } = await setUp(databaseId);
        await knex('detectors').where({ region: 'eu-central-1' }).delete();
        const overview = await model.getOverview({
          environment: 'prod',
          days: 30,
          access: ALL,
        });
        expect(overview.environments[0].detectors[1]).toEqual({
          accountId: PROD,
          region: 'eu-central-1',
          status: 'unknown',
        });
      },
    );
  });

  describe('listFindings', () => {
    it.each(databases.eachSupportedId())(
      'lists the active findings of configured environments, most severe first, as summaries, %p',
      async databaseId => {
        const { model, ids } = await setUp(databaseId);
        const list = await model.listFindings({ filter: FILTER, access: ALL });
        expect(list.totalCount).toBe(9);
        expect(list.items.map(f => f.id)).toEqual([
          'p-checkout-crit',
          'p-checkout-high',
          'p-quote-high',
          'p-retired',
          'p-quote-medium',
          // The same last seen: by account.
          'd-quote',
          'p-bastion',
          's-checkout',
          // Never seen: last in its band.
          'p-malformed',
        ]);
        expect(list.items[0]).toEqual({
          id: 'p-checkout-crit',
          accountId: PROD,
          region: 'eu-west-1',
          environment: 'prod',
          tier: 'prod',
          entityRef: CHECKOUT.entityRef,
          title: 'Checkout API',
          owner: 'group:default/team-storefront',
          type: 'AttackSequence:ECS/CompromisedCluster',
          findingTitle: 'A container opened a reverse shell.',
          severity: 9.4,
          band: 'critical',
          resource: {
            type: 'ECSCluster',
            label: 'task p-checkout-crit in prod-apps',
            arn: `arn:aws:ecs:eu-west-1:${PROD}:task/prod-apps/p-checkout-crit`,
          },
          firstSeen: ago(5 * DAY).toISOString(),
          lastSeen: ago(HOUR).toISOString(),
          count: 3,
          archived: false,
          consoleUrl:
            'https://eu-west-1.console.aws.amazon.com/guardduty/home?region=eu-west-1#/findings?macros=current&fId=p-checkout-crit',
        });
        // The orphan tag value is a platform finding: no service named.
        const retired = list.items.find(f => f.id === 'p-retired')!;
        expect(retired).not.toHaveProperty('entityRef');
        expect(list.items.find(f => f.id === 'p-malformed')).toEqual({
          id: 'p-malformed',
          accountId: PROD,
          region: 'eu-west-1',
          environment: 'prod',
          tier: 'prod',
          band: 'unknown',
          resource: { label: 'unknown resource' },
          archived: false,
          consoleUrl: expect.stringContaining('fId=p-malformed'),
        });
        expect(await ids({ archived: true })).toEqual([
          'p-checkout-archived',
          'p-checkout-old',
        ]);
        // Paged.
        const page = await model.listFindings({
          filter: { ...FILTER, offset: 2, limit: 2 },
          access: ALL,
        });
        expect(page).toMatchObject({ totalCount: 9, offset: 2, limit: 2 });
        expect(page.items.map(f => f.id)).toEqual(
          list.items.slice(2, 4).map(f => f.id),
        );
      },
    );

    it.each(databases.eachSupportedId())(
      'filters by environment, band, owner, service, platform, type, age and text, %p',
      async databaseId => {
        const { ids } = await setUp(databaseId);
        expect(await ids({ environment: 'dev' })).toEqual(['d-quote']);
        expect(await ids({ bands: ['critical', 'unknown'] })).toEqual([
          'p-checkout-crit',
          's-checkout',
          'p-malformed',
        ]);
        expect(await ids({ owner: 'group:default/team-freight' })).toEqual([
          'p-quote-high',
          'p-quote-medium',
          'd-quote',
        ]);
        expect(
          await ids({ entityRef: 'component:default/Checkout-API' }),
        ).toEqual(['p-checkout-crit', 'p-checkout-high', 's-checkout']);
        expect(
          await ids({ entityRef: 'component:default/not-a-service' }),
        ).toEqual([]);
        // Platform: untagged, and the tag value no component holds.
        expect(await ids({ platform: true })).toEqual([
          'p-retired',
          'p-bastion',
          'p-malformed',
        ]);
        // Only true narrows: false is no filter.
        expect(await ids({ platform: false, environment: 'prod' })).toEqual(
          await ids({ environment: 'prod' }),
        );
        expect(
          await ids({ type: 'Execution:Runtime/NewBinaryExecuted' }),
        ).toEqual(['p-quote-medium']);
        expect(
          await ids({ maxAgeDays: 10, owner: 'group:default/team-freight' }),
        ).toEqual(['p-quote-high', 'd-quote']);
        expect(await ids({ q: 'BASTION' })).toEqual(['p-bastion']);
        expect(await ids({ q: 'freight-quote', environment: 'dev' })).toEqual([
          'd-quote',
        ]);
      },
    );

    it.each(databases.eachSupportedId())(
      'lists only the services of a narrower access, never platform findings, %p',
      async databaseId => {
        const { ids } = await setUp(databaseId);
        expect(await ids({}, OWN)).toEqual([
          'p-checkout-crit',
          'p-checkout-high',
          's-checkout',
        ]);
        expect(await ids({ platform: true }, OWN)).toEqual([]);
        expect(await ids({ owner: 'group:default/team-freight' }, OWN)).toEqual(
          [],
        );
        expect(await ids({}, { all: false, entityRefs: new Set() })).toEqual(
          [],
        );
      },
    );
  });

  describe('getFinding', () => {
    it.each(databases.eachSupportedId())(
      "gives a finding with GuardDuty's detail, whatever its shape, and nothing for an unknown id or environment, %p",
      async databaseId => {
        const { model } = await setUp(databaseId);
        const found = await model.getFinding('p-checkout-high');
        expect(found).toEqual({
          summary: expect.objectContaining({
            id: 'p-checkout-high',
            entityRef: CHECKOUT.entityRef,
          }),
          description: 'Finding p-checkout-high.',
          detail: {
            Id: 'p-checkout-high',
            Severity: 8.2,
            Resource: { ResourceType: 'ECSCluster' },
          },
        });
        const malformed = await model.getFinding('p-malformed');
        expect(malformed).toMatchObject({ detail: {} });
        expect(malformed).not.toHaveProperty('description');
        expect(await model.getFinding('nothing')).toBeUndefined();
        expect(await model.getFinding('q-checkout')).toBeUndefined();
      },
    );
  });

  describe('getComponentSecurity', () => {
    it.each(databases.eachSupportedId())(
      "gives a component's counts in every environment and its findings, archived ones of the last 30 days included, %p",
      async databaseId => {
        const { model } = await setUp(databaseId);
        const security = await model.getComponentSecurity({
          entityRef: CHECKOUT.entityRef,
          details: true,
        });
        expect(security.entityRef).toBe(CHECKOUT.entityRef);
        expect(security.details).toBe(true);
        expect(security.freshness.stale).toBe(false);
        expect(
          security.environments.map(e => [
            e.environment,
            e.detectors.map(d => d.status),
            e.counts,
          ]),
        ).toEqual([
          [
            'dev',
            ['error'],
            { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
          ],
          [
            'staging',
            ['error'],
            { critical: 0, high: 0, medium: 0, low: 0, unknown: 1 },
          ],
          [
            'prod',
            ['enabled', 'off'],
            { critical: 1, high: 1, medium: 0, low: 0, unknown: 0 },
          ],
        ]);
        expect(security.findings!.map(f => [f.id, f.archived])).toEqual([
          ['p-checkout-crit', false],
          ['p-checkout-high', false],
          ['p-checkout-archived', true],
          ['s-checkout', false],
        ]);
        expect(security.findings![2].archivedAt).toBe(
          ago(10 * DAY).toISOString(),
        );
      },
    );

    it.each(databases.eachSupportedId())(
      'gives counts without findings when details are not allowed, and empty counts for a component with no AWS link, %p',
      async databaseId => {
        const { model } = await setUp(databaseId);
        const counts = await model.getComponentSecurity({
          entityRef: QUOTE.entityRef,
          details: false,
        });
        expect(counts.details).toBe(false);
        expect(counts).not.toHaveProperty('findings');
        expect(counts.environments.map(e => e.counts.high)).toEqual([0, 0, 1]);

        const docs = await model.getComponentSecurity({
          entityRef: 'component:default/docs-site',
          details: true,
        });
        expect(docs.findings).toEqual([]);
        expect(docs.environments).toHaveLength(3);
      },
    );
  });

  describe('findComponent', () => {
    it.each(databases.eachSupportedId())(
      "finds a Shipyard component however it is spelled, another in the caller's catalog, and 404 otherwise, %p",
      async databaseId => {
        const { model, catalog } = await setUp(databaseId);
        const credentials = mockCredentials.user('user:default/ana.lima');
        await expect(
          model.findComponent({
            entityRef: {
              kind: 'Component',
              namespace: 'Default',
              name: 'Checkout-API',
            },
            credentials,
          }),
        ).resolves.toBe(CHECKOUT.entityRef);
        expect(catalog.getEntityByRef).not.toHaveBeenCalled();

        const docs = {
          kind: 'component',
          namespace: 'default',
          name: 'docs-site',
        };
        await expect(
          model.findComponent({ entityRef: docs, credentials }),
        ).resolves.toBe('component:default/docs-site');
        expect(catalog.getEntityByRef).toHaveBeenCalledWith(docs, {
          credentials,
        });
        await expect(
          model.findComponent({
            entityRef: { ...docs, name: 'missing' },
            credentials,
          }),
        ).rejects.toThrow(NotFoundError);
      },
    );
  });

  describe('listComponentRefs', () => {
    it.each(databases.eachSupportedId())(
      'lists every Shipyard component, or those of an owner or an entity ref, %p',
      async databaseId => {
        const { model } = await setUp(databaseId);
        expect(await model.listComponentRefs()).toEqual([
          CHECKOUT.entityRef,
          QUOTE.entityRef,
        ]);
        expect(
          await model.listComponentRefs({
            owner: 'group:default/Team-Freight',
          }),
        ).toEqual([QUOTE.entityRef]);
        expect(
          await model.listComponentRefs({
            owner: 'group:default/team-storefront',
            entityRef: QUOTE.entityRef,
          }),
        ).toEqual([]);
      },
    );
  });

  describe('views shared between callers', () => {
    it.each(databases.eachSupportedId())(
      'reads a page of findings and computes an overview once per generation of the data, again after the collector stored, %p',
      async databaseId => {
        const { model, store } = await setUp(databaseId);
        const queries = jest.spyOn(store, 'queryFindings');
        const list = () => model.listFindings({ filter: FILTER, access: ALL });
        const first = await list();
        expect(await list()).toBe(first);
        expect(queries).toHaveBeenCalledTimes(1);
        // Another access is another query.
        await model.listFindings({ filter: FILTER, access: OWN });
        expect(queries).toHaveBeenCalledTimes(2);

        const overview = await model.getOverview({ days: 30, access: ALL });
        expect(await model.getOverview({ days: 30, access: ALL })).toBe(
          overview,
        );

        // A page stored: the detector's cursor moves.
        await store.upsertFindings([
          finding('p-new', { band: 'critical', severity: 9.9, lastSeen: NOW }),
        ]);
        await store.writeDetector({
          accountId: PROD,
          region: 'eu-west-1',
          detectorId: 'd-prod',
          status: 'enabled',
          checkedAt: NOW,
          cursor: NOW,
        });
        expect((await list()).items[0].id).toBe('p-new');
        expect(queries).toHaveBeenCalledTimes(3);
        const after = await model.getOverview({ days: 30, access: ALL });
        expect(after.environments[2].counts.critical).toBe(2);
      },
    );

    it.each(databases.eachSupportedId())(
      'says the data is stale once two intervals pass without a sync, whatever it kept, %p',
      async databaseId => {
        // Nothing is read again: the collector stopped.
        const { model } = await setUp(databaseId, {
          lastSync: ago(10 * 60_000),
          maxAgeMs: DAY,
        });
        const fresh = await model.getOverview({ days: 30, access: ALL });
        expect(fresh.freshness.stale).toBe(false);
        jest.setSystemTime(new Date(NOW.getTime() + 2 * SYNC_INTERVAL_MS));
        const later = await model.getOverview({ days: 30, access: ALL });
        expect(later.freshness.stale).toBe(true);
        expect(later.environments).toBe(fresh.environments);
      },
    );
  });
});
