import { TestDatabaseId } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/test-databases';
import { applyDatabaseMigrations } from './applyDatabaseMigrations';
import { DailyCostRow } from './CostsStore';
import { DefaultCostsStore } from './DefaultCostsStore';

jest.setTimeout(120_000);

const NOW = new Date('2026-12-10T12:00:00Z');

function row(
  day: string,
  component: string,
  amount: number,
  more: Partial<DailyCostRow> = {},
): DailyCostRow {
  return {
    environment: 'prod',
    day,
    component,
    awsService: 'Amazon Elastic Container Service',
    amount,
    currency: 'USD',
    estimated: false,
    ...more,
  };
}

describe('DefaultCostsStore', () => {
  const databases = createTestDatabases();

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await applyDatabaseMigrations(knex);
    return { knex, store: DefaultCostsStore.create({ knex }) };
  }

  it.each(databases.eachSupportedId())(
    'replaces the days it writes, keeps monthly totals in step, and moves the cursor, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.writeDays({
        environment: 'prod',
        from: '2026-11-29',
        to: '2026-12-02',
        rows: [
          row('2026-11-29', 'checkout-api', 10),
          row('2026-11-30', 'checkout-api', 11),
          row('2026-11-30', 'checkout-api', 2, { awsService: 'EC2 - Other' }),
          row('2026-11-30', '', 5),
          row('2026-12-01', 'checkout-api', 12, { estimated: true }),
        ],
        collectedUntil: '2026-11-01',
        now: NOW,
      });
      // Another environment is left alone.
      await store.writeDays({
        environment: 'dev',
        from: '2026-11-30',
        to: '2026-12-01',
        rows: [row('2026-11-30', 'checkout-api', 1, { environment: 'dev' })],
        now: NOW,
      });

      // Read again: 30 November without the unattributed cost, and 1 December final.
      await store.writeDays({
        environment: 'prod',
        from: '2026-11-30',
        to: '2026-12-02',
        rows: [
          row('2026-11-30', 'checkout-api', 11.5),
          row('2026-12-01', 'checkout-api', 12.25),
        ],
        collectedUntil: '2026-11-30',
        now: new Date(NOW.getTime() + 1000),
      });

      await expect(
        store.readMonthlyTotals({ fromMonth: '2026-11', toMonth: '2026-12' }),
      ).resolves.toEqual([
        {
          environment: 'dev',
          month: '2026-11',
          component: 'checkout-api',
          currency: 'USD',
          amount: 1,
          estimated: false,
        },
        {
          environment: 'prod',
          month: '2026-11',
          component: 'checkout-api',
          currency: 'USD',
          amount: 21.5,
          estimated: false,
        },
        {
          environment: 'prod',
          month: '2026-12',
          component: 'checkout-api',
          currency: 'USD',
          amount: 12.25,
          estimated: false,
        },
      ]);
      await expect(
        store.readDays({
          from: '2026-11-01',
          to: '2026-12-31',
          components: ['checkout-api'],
          environments: ['prod'],
        }),
      ).resolves.toEqual([
        row('2026-11-29', 'checkout-api', 10),
        row('2026-11-30', 'checkout-api', 11.5),
        row('2026-12-01', 'checkout-api', 12.25),
      ]);
      const cursors = await store.readCursors();
      expect(cursors.get('prod')).toEqual({
        environment: 'prod',
        collectedUntil: '2026-11-30',
        refreshedAt: new Date(NOW.getTime() + 1000),
      });
      expect(cursors.get('dev')).toEqual({
        environment: 'dev',
        refreshedAt: NOW,
      });
      await expect(store.readFreshness()).resolves.toEqual({
        refreshedAt: new Date(NOW.getTime() + 1000),
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the day the open period was read in full until a read sets it again, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const write = (
        from: string,
        more: { collectedUntil?: string; openPeriodReadOn?: string },
      ) =>
        store.writeDays({
          environment: 'prod',
          from,
          to: '2026-12-11',
          rows: [row('2026-12-10', 'checkout-api', 1, { estimated: true })],
          now: NOW,
          ...more,
        });
      await write('2026-12-01', {
        collectedUntil: '2026-12-01',
        openPeriodReadOn: '2026-12-10',
      });
      // A read of the recent days moves neither.
      await write('2026-12-08', {});
      expect((await store.readCursors()).get('prod')).toMatchObject({
        collectedUntil: '2026-12-01',
        openPeriodReadOn: '2026-12-10',
      });
      // A slice of the next day's read before its last moves the cursor only.
      await write('2026-12-01', { collectedUntil: '2026-12-01' });
      expect((await store.readCursors()).get('prod')).toMatchObject({
        openPeriodReadOn: '2026-12-10',
      });
      await write('2026-12-01', {
        collectedUntil: '2026-12-01',
        openPeriodReadOn: '2026-12-11',
      });
      expect((await store.readCursors()).get('prod')).toMatchObject({
        openPeriodReadOn: '2026-12-11',
      });
      await expect(
        write('2026-12-01', { openPeriodReadOn: '2026-12-32' }),
      ).rejects.toThrow(/Not a day/);
    },
  );

  it.each(databases.eachSupportedId())(
    'marks a month estimated while any of its days is, and sums ranges of days, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.writeDays({
        environment: 'prod',
        from: '2026-12-01',
        to: '2026-12-11',
        rows: [
          row('2026-12-01', 'checkout-api', 1),
          row('2026-12-05', 'checkout-api', 2),
          row('2026-12-10', 'checkout-api', 4, { estimated: true }),
          row('2026-12-10', '', 8, { estimated: true }),
        ],
        now: NOW,
      });
      const totals = await store.readMonthlyTotals({
        fromMonth: '2026-12',
        toMonth: '2026-12',
        environments: ['prod'],
      });
      expect(totals.map(t => [t.component, t.amount, t.estimated])).toEqual([
        ['', 8, true],
        ['checkout-api', 7, true],
      ]);
      await expect(
        store.sumDays({ from: '2026-12-01', to: '2026-12-06' }),
      ).resolves.toEqual([
        {
          environment: 'prod',
          component: 'checkout-api',
          currency: 'USD',
          amount: 3,
        },
      ]);
      await expect(
        store.sumDays({
          from: '2026-12-01',
          to: '2026-12-11',
          components: [''],
        }),
      ).resolves.toEqual([
        { environment: 'prod', component: '', currency: 'USD', amount: 8 },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'writes thousands of rows in one call and reads by many components, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const components = Array.from({ length: 1200 }, (_, i) => `svc-${i}`);
      const rows = components.flatMap(c => [
        row('2026-12-01', c, 1),
        row('2026-12-01', c, 2, { awsService: 'EC2 - Other' }),
      ]);
      await store.writeDays({
        environment: 'prod',
        from: '2026-12-01',
        to: '2026-12-02',
        rows,
        now: NOW,
      });
      const totals = await store.readMonthlyTotals({
        fromMonth: '2026-12',
        toMonth: '2026-12',
        components,
      });
      expect(totals).toHaveLength(1200);
      expect(totals.every(t => t.amount === 3)).toBe(true);
      const sums = await store.sumDays({
        from: '2026-12-01',
        to: '2026-12-02',
        components,
      });
      expect(sums.reduce((n, s) => n + s.amount, 0)).toBe(3600);
    },
  );

  it.each(databases.eachSupportedId())(
    'refuses rows outside the written range and stores nothing of them, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await expect(
        store.writeDays({
          environment: 'prod',
          from: '2026-12-01',
          to: '2026-12-02',
          rows: [row('2026-12-01', 'a', 1), row('2026-12-02', 'a', 1)],
          now: NOW,
        }),
      ).rejects.toThrow(/outside prod \[2026-12-01, 2026-12-02\)/);
      await expect(
        store.readDays({ from: '2026-01-01', to: '2027-01-01' }),
      ).resolves.toEqual([]);
      await expect(store.readCursors()).resolves.toEqual(new Map());
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps one forecast per environment and anomalies by id, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const forecast = {
        environment: 'prod',
        month: '2026-12',
        from: '2026-12-10',
        to: '2027-01-01',
        mean: 220,
        low: 200,
        high: 240,
        currency: 'USD',
        computedAt: NOW,
      };
      await store.writeForecast({ ...forecast, mean: 1 });
      await store.writeForecast(forecast);
      await expect(store.readForecasts()).resolves.toEqual([forecast]);

      await store.writeAnomalies([
        {
          id: 'a1',
          environment: 'prod',
          start: '2026-11-20',
          impact: 10,
          currency: 'USD',
        },
        {
          id: 'a2',
          environment: 'prod',
          start: '2026-10-01',
          end: '2026-10-03',
          impact: 5,
          currency: 'USD',
        },
      ]);
      await store.writeAnomalies([
        {
          id: 'a1',
          environment: 'prod',
          start: '2026-11-20',
          end: '2026-11-22',
          impact: 48.5,
          currency: 'USD',
          component: 'ledger-service',
          awsService: 'EC2 - Other',
          accountId: '222222222222',
          region: 'eu-west-1',
          usageType: 'NatGateway-Bytes',
        },
      ]);
      await expect(
        store.listAnomalies({ from: '2026-11-01', to: '2026-12-01' }),
      ).resolves.toEqual([
        {
          id: 'a1',
          environment: 'prod',
          start: '2026-11-20',
          end: '2026-11-22',
          impact: 48.5,
          currency: 'USD',
          component: 'ledger-service',
          awsService: 'EC2 - Other',
          accountId: '222222222222',
          region: 'eu-west-1',
          usageType: 'NatGateway-Bytes',
        },
      ]);
      await expect(
        store.listAnomalies({ from: '2026-10-03', to: '2026-10-04' }),
      ).resolves.toEqual([expect.objectContaining({ id: 'a2' })]);
    },
  );

  it.each(databases.eachSupportedId())(
    'adds Cost Explorer requests per month, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await expect(store.readApiRequests('2026-12')).resolves.toBe(0);
      await Promise.all([
        store.addApiRequests('2026-12', 3),
        store.addApiRequests('2026-12', 4),
        store.addApiRequests('2026-11', 1),
      ]);
      await store.addApiRequests('2026-12', 0);
      await expect(store.readApiRequests('2026-12')).resolves.toBe(7);
      await expect(store.readApiRequests('2026-11')).resolves.toBe(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'rations refreshes by the time since the last one started, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      const interval = 8 * 3600_000;
      const first = await store.claimRefresh({
        now: NOW,
        minIntervalMs: interval,
      });
      expect(first).toEqual({ id: expect.any(String), startedAt: NOW });
      // A failed refresh counts too: its requests were billed.
      await store.finishRefresh(first!.id, {
        finishedAt: new Date(NOW.getTime() + 60_000),
        succeeded: false,
      });
      await expect(
        store.claimRefresh({
          now: new Date(NOW.getTime() + interval - 1),
          minIntervalMs: interval,
        }),
      ).resolves.toBeUndefined();
      await expect(store.readFreshness()).resolves.toEqual({});

      const second = await store.claimRefresh({
        now: new Date(NOW.getTime() + interval),
        minIntervalMs: interval,
      });
      expect(second).toBeDefined();
      await store.finishRefresh(second!.id, {
        finishedAt: new Date(NOW.getTime() + interval + 5000),
        succeeded: true,
      });
      await expect(store.readFreshness()).resolves.toEqual({
        lastSucceededAt: new Date(NOW.getTime() + interval + 5000),
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'prunes whole months, %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.writeDays({
        environment: 'prod',
        from: '2025-11-30',
        to: '2025-12-02',
        rows: [row('2025-11-30', 'a', 1), row('2025-12-01', 'a', 2)],
        now: NOW,
      });
      await expect(store.pruneBefore('2025-12-15')).rejects.toThrow(
        /whole months/,
      );
      await store.pruneBefore('2025-12-01');
      await expect(
        store.readDays({ from: '2025-01-01', to: '2027-01-01' }),
      ).resolves.toEqual([row('2025-12-01', 'a', 2)]);
      await expect(
        store.readMonthlyTotals({ fromMonth: '2025-01', toMonth: '2026-12' }),
      ).resolves.toEqual([expect.objectContaining({ month: '2025-12' })]);
    },
  );
});
