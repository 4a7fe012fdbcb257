import { InputError } from '@backstage/errors';
import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';
import { SliSource } from './AvailabilityStore';
import { DefaultAvailabilityStore } from './DefaultAvailabilityStore';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Midnight UTC, a Monday. */
const D0 = Date.parse('2026-11-30T00:00:00Z');

const CHECKOUT = 'component:default/checkout-api';
const WORKER = 'component:default/ledger-worker';

const REQUESTS: SliSource = {
  kind: 'requests',
  targetGroups: [
    {
      targetGroup: 'targetgroup/checkout-api-prod/6d0ecf831eec9f09',
      loadBalancer: 'app/shared-prod/50dc6c495c0c9188',
      accountId: '222222222222',
      region: 'eu-west-1',
    },
  ],
};

const HEALTH: SliSource = {
  kind: 'health',
  workloads: [
    {
      runtime: 'ecs',
      cluster: 'prod-apps',
      service: 'ledger-worker',
      accountId: '222222222222',
      region: 'eu-west-1',
    },
  ],
};

function minutes(
  from: number,
  count: number,
  value: (i: number) => { good: number; total: number } = () => ({
    good: 9,
    total: 10,
  }),
) {
  return Array.from({ length: count }, (_, i) => ({
    start: from + i * MINUTE,
    ...value(i),
  }));
}

describe('DefaultAvailabilityStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    const store = DefaultAvailabilityStore.create({ knex });
    const checkout = await store.upsertSeries({
      entityRef: CHECKOUT,
      environment: 'prod',
      sli: 'requests',
      source: REQUESTS,
    });
    return { knex, store, checkout };
  }

  it.each(databases.eachSupportedId())(
    'adds and updates series by entity and environment, keeping id and cursor, %p',
    async databaseId => {
      const { store, checkout } = await createStore(databaseId);
      expect(checkout).toEqual({
        id: expect.any(Number),
        entityRef: CHECKOUT,
        environment: 'prod',
        sli: 'requests',
        source: REQUESTS,
      });
      await store.writeMinutes([
        {
          seriesId: checkout.id,
          minutes: minutes(D0, 2),
          until: new Date(D0 + 2 * MINUTE),
        },
      ]);
      const staging = await store.upsertSeries({
        entityRef: CHECKOUT,
        environment: 'staging',
        sli: 'requests',
        source: REQUESTS,
      });
      const worker = await store.upsertSeries({
        entityRef: CHECKOUT,
        environment: 'prod',
        sli: 'health',
        source: HEALTH,
      });
      expect(worker).toEqual({
        ...checkout,
        sli: 'health',
        source: HEALTH,
        firstDataAt: new Date(D0),
        collectedUntil: new Date(D0 + 2 * MINUTE),
      });
      expect(staging.id).not.toBe(checkout.id);
      await expect(
        store.listSeries({ environment: 'staging' }),
      ).resolves.toEqual([staging]);
      await expect(store.listSeries()).resolves.toEqual([worker, staging]);
      await expect(
        store.upsertSeries({
          entityRef: WORKER,
          environment: 'prod',
          sli: 'requests',
          source: HEALTH,
        }),
      ).rejects.toThrow(InputError);
    },
  );

  it.each(databases.eachSupportedId())(
    'folds minutes into hours and days, idempotently, and moves the cursor forward only, %p',
    async databaseId => {
      const { store, checkout } = await createStore(databaseId);
      const id = checkout.id;
      // 23:30 to 00:30 across a day boundary, with a minute without traffic.
      const start = D0 + DAY - 30 * MINUTE;
      const first = minutes(start, 60, i =>
        i === 10 ? { good: 0, total: 0 } : { good: 9, total: 10 },
      );
      await store.writeMinutes([
        { seriesId: id, minutes: first, until: new Date(start + HOUR) },
      ]);
      // The last five minutes read again, CloudWatch having filled them in,
      // plus a new one; one listed twice counts as its last value.
      await store.writeMinutes([
        {
          seriesId: id,
          minutes: [
            ...minutes(start + 55 * MINUTE, 6, () => ({ good: 18, total: 20 })),
            { start: start + 60 * MINUTE, good: 1, total: 1 },
          ],
          until: new Date(start + 61 * MINUTE),
        },
      ]);
      // A late write with an older cursor does not move it back.
      await store.writeMinutes([
        {
          seriesId: id,
          minutes: minutes(start, 1),
          until: new Date(start + MINUTE),
        },
      ]);

      const buckets = await store.readBuckets(
        [id],
        D0 + DAY - HOUR,
        D0 + DAY + HOUR,
      );
      const list = buckets.get(id)!;
      expect(list).toHaveLength(61);
      expect(list[0]).toEqual({
        start,
        minutes: 1,
        good: 9,
        total: 10,
        dataMinutes: 1,
      });
      expect(list.map(b => b.total).reduce((a, b) => a + b)).toBe(
        54 * 10 + 5 * 20 + 1,
      );

      const days = await store.readDays([id], D0, D0 + 2 * DAY);
      expect(days.get(id)).toEqual([
        {
          start: D0,
          minutes: 1440,
          good: 29 * 9,
          total: 29 * 10,
          dataMinutes: 30,
        },
        {
          start: D0 + DAY,
          minutes: 1440,
          good: 25 * 9 + 5 * 18 + 1,
          total: 25 * 10 + 5 * 20 + 1,
          dataMinutes: 31,
        },
      ]);
      const [series] = await store.listSeries({ environment: 'prod' });
      expect(series.collectedUntil).toEqual(new Date(start + 61 * MINUTE));
      expect(series.firstDataAt).toEqual(new Date(start));

      await expect(
        store.writeMinutes([
          {
            seriesId: id,
            minutes: [{ start: start + 1, good: 1, total: 1 }],
            until: new Date(start),
          },
        ]),
      ).rejects.toThrow(InputError);
      await expect(
        store.writeMinutes([
          {
            seriesId: id,
            minutes: [{ start, good: 2, total: 1 }],
            until: new Date(start),
          },
        ]),
      ).rejects.toThrow(InputError);
    },
  );

  it.each(databases.eachSupportedId())(
    'reads minutes where an hour keeps them all and hour rows before, from a backfill and after pruning, %p',
    async databaseId => {
      const { store, checkout } = await createStore(databaseId);
      const id = checkout.id;
      // A backfill: CloudWatch's hourly data for day 0, then minutes from
      // day 1 (a series whose data starts at 00:20).
      await store.writeHours([
        {
          seriesId: id,
          hours: Array.from({ length: 24 }, (_, h) => ({
            start: D0 + h * HOUR,
            good: 590,
            total: 600,
            dataMinutes: 60,
          })),
          until: new Date(D0 + DAY),
        },
      ]);
      await store.writeMinutes([
        {
          seriesId: id,
          minutes: minutes(D0 + DAY + 20 * MINUTE, 3 * 60 - 20),
          until: new Date(D0 + DAY + 3 * HOUR),
        },
      ]);

      const read = async (from: number, to: number) =>
        (await store.readBuckets([id, 999], from, to)).get(id)!;

      const all = await read(D0 + 22 * HOUR, D0 + DAY + 3 * HOUR);
      expect(all.slice(0, 2)).toEqual([
        {
          start: D0 + 22 * HOUR,
          minutes: 60,
          good: 590,
          total: 600,
          dataMinutes: 60,
        },
        {
          start: D0 + 23 * HOUR,
          minutes: 60,
          good: 590,
          total: 600,
          dataMinutes: 60,
        },
      ]);
      expect(all.slice(2).every(b => b.minutes === 1)).toBe(true);
      expect(all).toHaveLength(2 + 160);
      expect(
        (await store.readBuckets([id, 999], D0, D0 + HOUR)).get(999),
      ).toEqual([]);
      // A range that is not whole hours: minutes are cut to it, an hour row
      // overlapping it is whole.
      const partial = await read(
        D0 + 23 * HOUR + 30 * MINUTE,
        D0 + DAY + 30 * MINUTE,
      );
      expect(partial.map(b => [b.start, b.minutes])).toEqual([
        [D0 + 23 * HOUR, 60],
        ...Array.from({ length: 10 }, (_, i) => [
          D0 + DAY + (20 + i) * MINUTE,
          1,
        ]),
      ]);

      const days = await store.readDays([id], D0, D0 + 2 * DAY);
      expect(days.get(id)!.map(d => [d.good, d.total, d.dataMinutes])).toEqual([
        [24 * 590, 24 * 600, 1440],
        [160 * 9, 160 * 10, 160],
      ]);

      // The minutes of the first two hours of day 1 go; their hours stay.
      await store.prune({
        minutesBefore: new Date(D0 + DAY + 2 * HOUR + 30 * MINUTE),
        hoursBefore: new Date(D0 + DAY + HOUR),
      });
      const pruned = await read(D0, D0 + DAY + 3 * HOUR);
      expect(pruned.map(b => [b.start, b.minutes, b.total])).toEqual([
        [D0 + DAY, 60, 400],
        [D0 + DAY + HOUR, 60, 600],
        ...Array.from({ length: 60 }, (_, i) => [
          D0 + DAY + 2 * HOUR + i * MINUTE,
          1,
          10,
        ]),
      ]);
      // Days stay for ever.
      expect(
        (await store.readDays([id], D0, D0 + 2 * DAY)).get(id),
      ).toHaveLength(2);
      await expect(
        store.prune({
          minutesBefore: new Date(D0),
          hoursBefore: new Date(D0 + DAY),
        }),
      ).rejects.toThrow(InputError);
    },
  );

  it.each(databases.eachSupportedId())(
    'adds differences below the prune watermark: a series catching up, a minute written twice there, an hour backfilled twice, %p',
    async databaseId => {
      const { store, checkout } = await createStore(databaseId);
      const id = checkout.id;
      await store.writeMinutes([
        {
          seriesId: id,
          minutes: minutes(D0, 30),
          until: new Date(D0 + 30 * MINUTE),
        },
      ]);
      await store.prune({
        minutesBefore: new Date(D0 + 5 * DAY),
        hoursBefore: new Date(D0),
      });
      // The second half of the hour whose first half was pruned, then two of
      // its minutes again.
      await store.writeMinutes([
        {
          seriesId: id,
          minutes: minutes(D0 + 30 * MINUTE, 30),
          until: new Date(D0 + HOUR),
        },
      ]);
      await store.writeMinutes([
        {
          seriesId: id,
          minutes: minutes(D0 + 58 * MINUTE, 2, () => ({ good: 0, total: 10 })),
          until: new Date(D0 + HOUR),
        },
      ]);
      const [hour] = (await store.readBuckets([id], D0, D0 + HOUR)).get(id)!;
      expect(hour).toEqual({
        start: D0,
        minutes: 60,
        good: 58 * 9,
        total: 600,
        dataMinutes: 60,
      });
      // Below the hour watermark too: days follow by differences.
      await store.prune({
        minutesBefore: new Date(D0 + 5 * DAY),
        hoursBefore: new Date(D0 + DAY),
      });
      const later = await store.upsertSeries({
        entityRef: WORKER,
        environment: 'prod',
        sli: 'health',
        source: HEALTH,
      });
      const hours = [
        { start: D0, good: 50, total: 60, dataMinutes: 60 },
        { start: D0 + HOUR, good: 60, total: 60, dataMinutes: 60 },
      ];
      await store.writeHours([
        { seriesId: later.id, hours, until: new Date(D0 + 2 * HOUR) },
      ]);
      await store.writeHours([
        { seriesId: later.id, hours, until: new Date(D0 + 2 * HOUR) },
      ]);
      const days = await store.readDays([id, later.id], D0, D0 + DAY);
      expect(days.get(id)!.map(d => [d.good, d.total, d.dataMinutes])).toEqual([
        [58 * 9, 600, 60],
      ]);
      expect(
        days.get(later.id)!.map(d => [d.good, d.total, d.dataMinutes]),
      ).toEqual([[110, 120, 120]]);
    },
  );

  it.each(databases.eachSupportedId())(
    'writes thousands of rows for many series in one call, in statements SQLite accepts, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const series = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          store.upsertSeries({
            entityRef: `component:default/service-${i}`,
            environment: 'prod',
            sli: 'requests',
            source: REQUESTS,
          }),
        ),
      );
      // 6 × 1,440 = 8,640 minutes: more than one statement's worth.
      await store.writeMinutes(
        series.map(s => ({
          seriesId: s.id,
          minutes: minutes(D0, 1440, i => ({ good: i % 2, total: 1 })),
          until: new Date(D0 + DAY),
        })),
      );
      const days = await store.readDays(
        series.map(s => s.id),
        D0,
        D0 + DAY,
      );
      for (const s of series) {
        expect(days.get(s.id)).toEqual([
          {
            start: D0,
            minutes: 1440,
            good: 720,
            total: 1440,
            dataMinutes: 1440,
          },
        ]);
      }
      const buckets = await store.readBuckets(
        series.map(s => s.id),
        D0,
        D0 + DAY,
      );
      expect([...buckets.values()].map(b => b.length)).toEqual(
        series.map(() => 1440),
      );
      expect(
        (await store.listSeries())
          .filter(s => s.entityRef !== CHECKOUT)
          .map(s => s.collectedUntil),
      ).toEqual(series.map(() => new Date(D0 + DAY)));
    },
  );

  it.each(databases.eachSupportedId())(
    'replaces incidents from a time on and lists those overlapping a range, %p',
    async databaseId => {
      const { store, checkout } = await createStore(databaseId);
      const id = checkout.id;
      const incident = (start: number, end?: number) => ({
        seriesId: id,
        start: new Date(start),
        ...(end !== undefined ? { end: new Date(end) } : {}),
        good: 80,
        total: 100,
      });
      await store.replaceIncidents(id, new Date(D0), [
        incident(D0 + HOUR, D0 + 2 * HOUR),
        incident(D0 + DAY),
      ]);
      // Detected again from day 1: the ongoing one ended, another began.
      await store.replaceIncidents(id, new Date(D0 + DAY), [
        incident(D0 + DAY, D0 + DAY + 47 * MINUTE),
        incident(D0 + 2 * DAY),
      ]);
      await expect(
        store.listIncidents([id], new Date(D0), new Date(D0 + 3 * DAY)),
      ).resolves.toEqual([
        incident(D0 + HOUR, D0 + 2 * HOUR),
        incident(D0 + DAY, D0 + DAY + 47 * MINUTE),
        incident(D0 + 2 * DAY),
      ]);
      await expect(
        store.listIncidents(
          [id],
          new Date(D0 + 2 * HOUR),
          new Date(D0 + DAY + MINUTE),
        ),
      ).resolves.toEqual([incident(D0 + DAY, D0 + DAY + 47 * MINUTE)]);
      await expect(
        store.listIncidents(
          [id],
          new Date(D0 + 3 * DAY),
          new Date(D0 + 4 * DAY),
        ),
      ).resolves.toEqual([incident(D0 + 2 * DAY)]);
      await expect(
        store.replaceIncidents(id + 1, new Date(D0), [incident(D0)]),
      ).rejects.toThrow(InputError);
    },
  );

  it.each(databases.eachSupportedId())(
    'writes and replaces summaries per series and period, %p',
    async databaseId => {
      const { store, checkout } = await createStore(databaseId);
      const staging = await store.upsertSeries({
        entityRef: CHECKOUT,
        environment: 'staging',
        sli: 'requests',
        source: REQUESTS,
      });
      const at = new Date(D0);
      await store.writeSummaries([
        {
          seriesId: checkout.id,
          period: '30d',
          figures: { a: 1 },
          computedAt: at,
        },
        {
          seriesId: staging.id,
          period: '30d',
          figures: { a: 2 },
          computedAt: at,
        },
        {
          seriesId: checkout.id,
          period: '7d',
          figures: { a: 3 },
          computedAt: at,
        },
      ]);
      const later = new Date(D0 + 5 * MINUTE);
      await store.writeSummaries([
        {
          seriesId: checkout.id,
          period: '30d',
          figures: { a: 4 },
          computedAt: later,
        },
      ]);
      await expect(store.readSummaries('30d')).resolves.toEqual([
        {
          seriesId: checkout.id,
          period: '30d',
          figures: { a: 4 },
          computedAt: later,
        },
        {
          seriesId: staging.id,
          period: '30d',
          figures: { a: 2 },
          computedAt: at,
        },
      ]);
      await expect(store.readSummaries('quarter')).resolves.toEqual([]);
    },
  );
});
