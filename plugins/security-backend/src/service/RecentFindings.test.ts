import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DefaultSecurityStore } from '../database/DefaultSecurityStore';
import { StoredFinding } from '../database/SecurityStore';
import { RecentFindings } from './RecentFindings';

jest.setTimeout(120_000);

const DAY = 86_400_000;
const PROD = '222222222222';

const finding = (
  id: string,
  more: Partial<StoredFinding> = {},
): StoredFinding => ({
  accountId: PROD,
  region: 'eu-west-1',
  id,
  environment: 'prod',
  band: 'high',
  resourceLabel: id,
  archived: false,
  raw: {},
  ...more,
});

describe('RecentFindings', () => {
  const databases = createTestDatabases();

  async function setUp(
    databaseId: TestDatabaseId,
    ages: { minAgeMs: number; maxAgeMs: number } = {
      minAgeMs: 0,
      maxAgeMs: 60_000,
    },
  ) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = DefaultSecurityStore.create({ knex });
    await store.upsertFindings([
      finding('active'),
      finding('archived-lately', {
        archived: true,
        archivedAt: new Date(Date.now() - 10 * DAY),
      }),
      finding('archived-long-ago', {
        archived: true,
        archivedAt: new Date(Date.now() - 100 * DAY),
      }),
    ]);
    const reads = jest.spyOn(store, 'readFindingsActiveSince');
    const recent = RecentFindings.create({ store, ...ages });
    const ids = async () =>
      (await recent.read()).findings.map(f => f.id).sort();
    return { store, recent, reads, ids };
  }

  it.each(databases.eachSupportedId())(
    'reads the findings active in the last 90 days once for every caller while the sync state stays, %p',
    async databaseId => {
      const { recent, reads, ids } = await setUp(databaseId);
      const [first, second] = await Promise.all([recent.read(), recent.read()]);
      expect(second.findings).toBe(first.findings);
      expect(second.generation).toBe(first.generation);
      expect(await ids()).toEqual(['active', 'archived-lately']);
      expect(reads).toHaveBeenCalledTimes(1);
      const since = reads.mock.calls[0][0].getTime();
      expect(Date.now() - since).toBeGreaterThanOrEqual(90 * DAY);
      expect(Date.now() - since).toBeLessThan(90 * DAY + 60_000);
    },
  );

  it.each(databases.eachSupportedId())(
    "reads again when a detector's state or the last sync moved, and gives them fresh on every read, %p",
    async databaseId => {
      const { store, recent, reads, ids } = await setUp(databaseId);
      await recent.read();
      const detector = {
        accountId: PROD,
        region: 'eu-west-1',
        detectorId: 'd',
        status: 'enabled' as const,
        checkedAt: new Date(),
      };
      // A page stored: the findings and the detector's cursor.
      await store.upsertFindings([finding('new')]);
      await store.writeDetector({ ...detector, cursor: new Date() });
      expect(await ids()).toEqual(['active', 'archived-lately', 'new']);
      expect(reads).toHaveBeenCalledTimes(2);

      const at = new Date();
      await store.writeLastSync(at);
      const snapshot = await recent.read();
      expect(snapshot.lastSync).toEqual(at);
      expect(snapshot.detectors).toEqual([
        expect.objectContaining({ detectorId: 'd', status: 'enabled' }),
      ]);
      expect(reads).toHaveBeenCalledTimes(3);
      await recent.read();
      expect(reads).toHaveBeenCalledTimes(3);
    },
  );

  it.each(databases.eachSupportedId())(
    'reads again after its longest age, and does not keep a failed read, %p',
    async databaseId => {
      const { recent, reads, ids } = await setUp(databaseId, {
        minAgeMs: 0,
        maxAgeMs: 0,
      });
      await recent.read();
      await recent.read();
      expect(reads).toHaveBeenCalledTimes(2);

      const kept = await setUp(databaseId);
      kept.reads.mockRejectedValueOnce(new Error('connection lost'));
      await expect(kept.recent.read()).rejects.toThrow('connection lost');
      expect(await kept.ids()).toEqual(['active', 'archived-lately']);
      expect(await ids()).toHaveLength(2);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps a read for its shortest age even when the sync state moved, with a new generation, %p',
    async databaseId => {
      const { store, recent, reads } = await setUp(databaseId, {
        minAgeMs: 5_000,
        maxAgeMs: 60_000,
      });
      const now = Date.now();
      const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
      try {
        const first = await recent.read();
        await store.writeLastSync(new Date(now));
        const moved = await recent.read();
        expect(reads).toHaveBeenCalledTimes(1);
        expect(moved.findings).toBe(first.findings);
        // What was computed from the old state is not reused.
        expect(moved.generation).not.toBe(first.generation);
        expect(moved.lastSync).toEqual(new Date(now));

        clock.mockReturnValue(now + 5_000);
        const later = await recent.read();
        expect(reads).toHaveBeenCalledTimes(2);
        expect(later.findings).not.toBe(first.findings);
      } finally {
        clock.mockRestore();
      }
    },
  );
});
