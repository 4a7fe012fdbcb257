import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';
import { DefaultSecurityStore } from './DefaultSecurityStore';
import { FindingQuery, StoredFinding } from './SecurityStore';

jest.setTimeout(120_000);

const NOW = new Date('2026-12-10T12:00:00Z');
const HOUR = 3_600_000;
const PROD = '222222222222';
const NONPROD = '111111111111';

function finding(id: string, more: Partial<StoredFinding> = {}): StoredFinding {
  return {
    accountId: PROD,
    region: 'eu-west-1',
    id,
    environment: 'prod',
    component: 'checkout-api',
    type: 'Runtime:Container/ReverseShell',
    title: 'A container opened a reverse shell.',
    severity: 8.2,
    band: 'high',
    resourceType: 'ECSCluster',
    resourceLabel: `task ${id} in prod-apps`,
    resourceArn: `arn:aws:ecs:eu-west-1:${PROD}:task/prod-apps/${id}`,
    firstSeen: new Date(NOW.getTime() - 48 * HOUR),
    lastSeen: new Date(NOW.getTime() - HOUR),
    updatedAt: new Date(NOW.getTime() - HOUR),
    count: 3,
    archived: false,
    raw: { Id: id, Severity: 8.2 },
    ...more,
  };
}

const query = (more: Partial<FindingQuery> = {}): FindingQuery => ({
  archived: false,
  offset: 0,
  limit: 100,
  ...more,
});

describe('DefaultSecurityStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    return { knex, store: DefaultSecurityStore.create({ knex }) };
  }

  it.each(databases.eachSupportedId())(
    'upserts findings, returns only the new keys, and keeps archivedAt and notifiedAt, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await expect(
        store.upsertFindings([
          finding('a'),
          finding('b'),
          finding('c', { archived: true, archivedAt: NOW }),
        ]),
      ).resolves.toEqual([
        { accountId: PROD, region: 'eu-west-1', id: 'a' },
        { accountId: PROD, region: 'eu-west-1', id: 'b' },
        { accountId: PROD, region: 'eu-west-1', id: 'c' },
      ]);
      await store.markNotified(
        [{ accountId: PROD, region: 'eu-west-1', id: 'a' }],
        NOW,
      );

      const later = new Date(NOW.getTime() + HOUR);
      // The same id in another detector is another finding.
      await expect(
        store.upsertFindings([
          finding('a', { severity: 9.5, band: 'critical', count: 7 }),
          finding('c', { archived: true, archivedAt: later }),
          finding('a', { accountId: NONPROD, environment: 'staging' }),
          finding('d'),
        ]),
      ).resolves.toEqual([
        { accountId: NONPROD, region: 'eu-west-1', id: 'a' },
        { accountId: PROD, region: 'eu-west-1', id: 'd' },
      ]);

      const a = (await store.queryFindings(query({ environments: ['prod'] })))
        .items[0];
      expect(a).toEqual(
        finding('a', {
          severity: 9.5,
          band: 'critical',
          count: 7,
          notifiedAt: NOW,
        }),
      );
      const archived = await store.queryFindings(query({ archived: true }));
      expect(archived.items).toEqual([
        finding('c', { archived: true, archivedAt: NOW }),
      ]);

      // Unarchived in GuardDuty: active again, without archivedAt.
      await store.upsertFindings([finding('c')]);
      await expect(store.getFinding('c')).resolves.toEqual(finding('c'));
    },
  );

  it.each(databases.eachSupportedId())(
    'stores a malformed finding with what it has, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const malformed: StoredFinding = {
        accountId: PROD,
        region: 'eu-west-1',
        id: 'odd',
        environment: 'prod',
        band: 'unknown',
        resourceLabel: 'unknown resource',
        archived: false,
        raw: { Id: 'odd', Severity: 'very', Resource: [1, 2] },
      };
      await store.upsertFindings([malformed]);
      await expect(store.getFinding('odd')).resolves.toEqual(malformed);
      await expect(store.getFinding('nope')).resolves.toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'archives the active findings of one detector missing from its active ids, in any number, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const ids = Array.from({ length: 1_200 }, (_, i) => `f${i}`);
      await store.upsertFindings(ids.map(id => finding(id)));
      await store.upsertFindings([
        finding('f0', { region: 'eu-central-1' }),
        finding('old', { archived: true, archivedAt: NOW }),
      ]);
      const at = new Date(NOW.getTime() + HOUR);

      // 1,200 ids stored, 1,100 still active: 100 leave, nothing else moves.
      await expect(
        store.archiveMissing({
          accountId: PROD,
          region: 'eu-west-1',
          activeIds: ids.slice(100),
          at,
        }),
      ).resolves.toBe(100);
      const archived = await store.queryFindings(
        query({ archived: true, limit: 1_000 }),
      );
      expect(archived.totalCount).toBe(101);
      expect(archived.items.find(f => f.id === 'f5')?.archivedAt).toEqual(at);
      expect(archived.items.find(f => f.id === 'old')?.archivedAt).toEqual(NOW);
      const active = await store.queryFindings(query({ limit: 2_000 }));
      expect(active.totalCount).toBe(1_101);
      await expect(
        store.readActiveIds({ accountId: PROD, region: 'eu-west-1' }),
      ).resolves.toEqual([...ids.slice(100)].sort());
      await expect(
        store.readActiveIds({ accountId: PROD, region: 'eu-central-1' }),
      ).resolves.toEqual(['f0']);
      expect(
        active.items.some(f => f.id === 'f0' && f.region === 'eu-central-1'),
      ).toBe(true);

      await expect(
        store.archiveMissing({
          accountId: PROD,
          region: 'eu-west-1',
          activeIds: ids.slice(100),
          at,
        }),
      ).resolves.toBe(0);
      // No active id at all: every active finding of the detector leaves.
      await expect(
        store.archiveMissing({
          accountId: PROD,
          region: 'eu-central-1',
          activeIds: [],
          at,
        }),
      ).resolves.toBe(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'lists critical first, then the most recently seen, filters, pages and searches, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const seen = (hoursAgo: number) => ({
        lastSeen: new Date(NOW.getTime() - hoursAgo * HOUR),
      });
      await store.upsertFindings([
        finding('high-old', seen(10)),
        finding('high-new', seen(1)),
        finding('crit-old', {
          ...seen(50),
          band: 'critical',
          severity: 9.1,
          component: 'orders-worker',
        }),
        finding('low', {
          ...seen(0),
          band: 'low',
          severity: 2,
          type: 'Recon:EC2/PortProbeUnprotectedPort',
          component: undefined,
          resourceType: 'Instance',
          resourceLabel: 'instance i-0abc (bastion)',
        }),
        finding('unknown', {
          band: 'unknown',
          severity: undefined,
          lastSeen: undefined,
        }),
        finding('medium-never-seen', {
          band: 'medium',
          severity: 5,
          lastSeen: undefined,
        }),
        finding('medium-staging', {
          ...seen(2),
          band: 'medium',
          severity: 5,
          accountId: NONPROD,
          environment: 'staging',
          title: '100%_sure a_match',
        }),
      ]);
      const ids = async (q: Partial<FindingQuery>) => {
        const result = await store.queryFindings(query(q));
        return { ids: result.items.map(f => f.id), total: result.totalCount };
      };

      await expect(ids({})).resolves.toEqual({
        ids: [
          'crit-old',
          'high-new',
          'high-old',
          'medium-staging',
          'medium-never-seen',
          'low',
          'unknown',
        ],
        total: 7,
      });
      await expect(ids({ offset: 1, limit: 2 })).resolves.toEqual({
        ids: ['high-new', 'high-old'],
        total: 7,
      });
      await expect(
        ids({ environments: ['staging'], bands: ['medium', 'low'] }),
      ).resolves.toEqual({ ids: ['medium-staging'], total: 1 });
      await expect(ids({ environments: [] })).resolves.toEqual({
        ids: [],
        total: 0,
      });
      await expect(
        ids({ components: ['orders-worker'], platform: true }),
      ).resolves.toEqual({ ids: ['crit-old', 'low'], total: 2 });
      await expect(ids({ components: ['orders-worker'] })).resolves.toEqual({
        ids: ['crit-old'],
        total: 1,
      });
      await expect(ids({ platform: true })).resolves.toEqual({
        ids: ['low'],
        total: 1,
      });
      await expect(
        ids({ platform: false, bands: ['low', 'critical'] }),
      ).resolves.toEqual({ ids: ['crit-old'], total: 1 });
      await expect(ids({ components: [] })).resolves.toEqual({
        ids: [],
        total: 0,
      });
      // Thousands of component values, more than one IN list holds.
      const many = Array.from({ length: 1_500 }, (_, i) => `svc-${i}`);
      await expect(
        ids({ components: [...many, 'orders-worker'] }),
      ).resolves.toEqual({ ids: ['crit-old'], total: 1 });
      await expect(
        ids({ type: 'Recon:EC2/PortProbeUnprotectedPort' }),
      ).resolves.toEqual({ ids: ['low'], total: 1 });
      await expect(
        ids({ lastSeenSince: new Date(NOW.getTime() - 5 * HOUR) }),
      ).resolves.toEqual({
        ids: ['high-new', 'medium-staging', 'low'],
        total: 3,
      });

      // Text: case-insensitive, in id, type, title, resource label or component.
      await expect(ids({ text: 'BASTION' })).resolves.toEqual({
        ids: ['low'],
        total: 1,
      });
      await expect(ids({ text: 'Orders-Worker' })).resolves.toEqual({
        ids: ['crit-old'],
        total: 1,
      });
      await expect(ids({ text: 'portprobe' })).resolves.toEqual({
        ids: ['low'],
        total: 1,
      });
      await expect(ids({ text: 'never' })).resolves.toEqual({
        ids: ['medium-never-seen'],
        total: 1,
      });
      // LIKE's wildcards are literal text.
      await expect(ids({ text: '100%_sure' })).resolves.toEqual({
        ids: ['medium-staging'],
        total: 1,
      });
      await expect(ids({ text: '%' })).resolves.toEqual({
        ids: ['medium-staging'],
        total: 1,
      });
      await expect(ids({ text: '_' })).resolves.toEqual({
        ids: ['medium-staging'],
        total: 1,
      });
      await expect(ids({ archived: true })).resolves.toEqual({
        ids: [],
        total: 0,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'reads the findings active since a time without their raw JSON, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const since = new Date(NOW.getTime() - 24 * HOUR);
      await store.upsertFindings([
        finding('active'),
        finding('archived-lately', {
          archived: true,
          archivedAt: new Date(NOW.getTime() - HOUR),
        }),
        finding('archived-long-ago', {
          archived: true,
          archivedAt: new Date(NOW.getTime() - 48 * HOUR),
        }),
        finding('platform', { component: undefined }),
      ]);
      const read = await store.readFindingsActiveSince(since);
      expect(read.map(f => f.id).sort()).toEqual([
        'active',
        'archived-lately',
        'platform',
      ]);
      const { raw: _raw, ...active } = finding('active');
      expect(read.find(f => f.id === 'active')).toEqual(active);
      expect(read.find(f => f.id === 'platform')).not.toHaveProperty(
        'component',
      );
      expect(read.every(f => !('raw' in f))).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'writes detectors with their cursor and statistics, and the last sync, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await expect(store.readDetectors()).resolves.toEqual([]);
      await expect(store.readLastSync()).resolves.toBeUndefined();

      await store.writeDetector({
        accountId: PROD,
        region: 'eu-west-1',
        detectorId: 'd1',
        status: 'enabled',
        checkedAt: NOW,
        cursor: new Date(NOW.getTime() - HOUR),
        importedAt: new Date(NOW.getTime() - 2 * HOUR),
        statistics: { high: 3, critical: 1 },
      });
      await store.writeDetector({
        accountId: PROD,
        region: 'eu-central-1',
        status: 'off',
        checkedAt: NOW,
      });
      await store.writeDetector({
        accountId: NONPROD,
        region: 'eu-west-1',
        detectorId: 'd0',
        status: 'enabled',
        checkedAt: NOW,
      });
      // A failed sync: the status and message change, the cursor stays.
      const later = new Date(NOW.getTime() + HOUR);
      await store.writeDetector({
        accountId: NONPROD,
        region: 'eu-west-1',
        detectorId: 'd0',
        status: 'error',
        checkedAt: later,
        message: 'AWS GuardDuty is throttling GuardDuty:ListFindings',
        cursor: new Date(NOW.getTime() - 2 * HOUR),
      });

      await expect(store.readDetectors()).resolves.toEqual([
        {
          accountId: NONPROD,
          region: 'eu-west-1',
          detectorId: 'd0',
          status: 'error',
          checkedAt: later,
          message: 'AWS GuardDuty is throttling GuardDuty:ListFindings',
          cursor: new Date(NOW.getTime() - 2 * HOUR),
        },
        {
          accountId: PROD,
          region: 'eu-central-1',
          status: 'off',
          checkedAt: NOW,
        },
        {
          accountId: PROD,
          region: 'eu-west-1',
          detectorId: 'd1',
          status: 'enabled',
          checkedAt: NOW,
          cursor: new Date(NOW.getTime() - HOUR),
          importedAt: new Date(NOW.getTime() - 2 * HOUR),
          statistics: { high: 3, critical: 1 },
        },
      ]);

      await store.writeLastSync(NOW);
      await store.writeLastSync(later);
      await expect(store.readLastSync()).resolves.toEqual(later);
    },
  );
});
