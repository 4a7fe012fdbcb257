import { costPeriods, nextCursor } from './costPeriods';

describe('costPeriods', () => {
  it('backfills whole calendar months, the current one included, on the first run', () => {
    expect(costPeriods({ today: '2026-12-10', backfillMonths: 12 })).toEqual({
      backfillStart: '2026-01-01',
      openStart: '2026-12-01',
      readsOpenPeriod: true,
      from: '2026-01-01',
      to: '2026-12-11',
    });
    // Across a year boundary, on the last day of a month.
    expect(costPeriods({ today: '2027-02-28', backfillMonths: 3 })).toEqual({
      backfillStart: '2026-12-01',
      openStart: '2027-02-01',
      readsOpenPeriod: true,
      from: '2026-12-01',
      to: '2027-03-01',
    });
  });

  it('keeps the previous month open until the 5th while its bill is finalized', () => {
    expect(
      costPeriods({
        today: '2027-01-01',
        backfillMonths: 12,
        collectedUntil: '2026-12-01',
      }),
    ).toMatchObject({
      openStart: '2026-12-01',
      from: '2026-12-01',
      to: '2027-01-02',
    });
    expect(
      costPeriods({
        today: '2027-01-05',
        backfillMonths: 12,
        collectedUntil: '2026-12-01',
      }),
    ).toMatchObject({ openStart: '2026-12-01', from: '2026-12-01' });
    expect(
      costPeriods({
        today: '2027-01-06',
        backfillMonths: 12,
        collectedUntil: '2026-12-01',
      }),
    ).toMatchObject({ openStart: '2027-01-01', from: '2026-12-01' });
    // The cursor then moves to the open month, and December is not read again.
    expect(
      costPeriods({
        today: '2027-01-14',
        backfillMonths: 12,
        collectedUntil: '2027-01-01',
      }),
    ).toMatchObject({ from: '2027-01-01' });
  });

  it('resumes from a cursor inside the backfill, never before the backfill', () => {
    expect(
      costPeriods({
        today: '2026-12-10',
        backfillMonths: 12,
        collectedUntil: '2026-03-17',
      }),
    ).toMatchObject({ from: '2026-03-17' });
    expect(
      costPeriods({
        today: '2026-12-10',
        backfillMonths: 2,
        collectedUntil: '2026-03-17',
      }),
    ).toMatchObject({ from: '2026-11-01' });
  });

  it('reads the open period on the first refresh of a day', () => {
    // Not read today yet: read yesterday, or never (before the migration).
    for (const openPeriodReadOn of ['2026-12-09', undefined]) {
      expect(
        costPeriods({
          today: '2026-12-10',
          backfillMonths: 12,
          collectedUntil: '2026-12-01',
          openPeriodReadOn,
        }),
      ).toEqual({
        backfillStart: '2026-01-01',
        openStart: '2026-12-01',
        readsOpenPeriod: true,
        from: '2026-12-01',
        to: '2026-12-11',
      });
    }
  });

  it("reads only the recent days on a day's later refreshes", () => {
    expect(
      costPeriods({
        today: '2026-12-10',
        backfillMonths: 12,
        collectedUntil: '2026-12-01',
        openPeriodReadOn: '2026-12-10',
      }),
    ).toEqual({
      backfillStart: '2026-01-01',
      openStart: '2026-12-01',
      readsOpenPeriod: false,
      from: '2026-12-08',
      to: '2026-12-11',
    });
    // Across a month boundary while the previous month is open.
    expect(
      costPeriods({
        today: '2027-01-01',
        backfillMonths: 12,
        collectedUntil: '2026-12-01',
        openPeriodReadOn: '2027-01-01',
      }),
    ).toMatchObject({ readsOpenPeriod: false, from: '2026-12-30' });
    // A cursor on a day still estimated is read again the next day, not now.
    expect(
      costPeriods({
        today: '2026-12-10',
        backfillMonths: 12,
        collectedUntil: '2026-11-20',
        openPeriodReadOn: '2026-12-10',
      }),
    ).toMatchObject({ readsOpenPeriod: false, from: '2026-12-08' });
  });

  it('reads the open period again on a new day', () => {
    expect(
      costPeriods({
        today: '2026-12-11',
        backfillMonths: 12,
        collectedUntil: '2026-11-20',
        openPeriodReadOn: '2026-12-10',
      }),
    ).toMatchObject({ readsOpenPeriod: true, from: '2026-11-20' });
  });

  it('resumes an interrupted backfill from its cursor, whatever the day', () => {
    // Throttled on its first day: the open period was never read in full.
    expect(
      costPeriods({
        today: '2026-12-10',
        backfillMonths: 12,
        collectedUntil: '2026-03-17',
      }),
    ).toMatchObject({ readsOpenPeriod: true, from: '2026-03-17' });
    expect(
      costPeriods({
        today: '2026-12-12',
        backfillMonths: 12,
        collectedUntil: '2026-03-17',
        openPeriodReadOn: '2026-12-10',
      }),
    ).toMatchObject({ readsOpenPeriod: true, from: '2026-03-17' });
  });
});

describe('nextCursor', () => {
  it('stops at the stored days, the open days and the first estimated day', () => {
    expect(
      nextCursor({ storedUntil: '2026-11-14', openStart: '2026-12-01' }),
    ).toBe('2026-11-14');
    expect(
      nextCursor({ storedUntil: '2026-12-11', openStart: '2026-12-01' }),
    ).toBe('2026-12-01');
    expect(
      nextCursor({
        storedUntil: '2026-12-11',
        openStart: '2026-12-01',
        firstEstimated: '2026-11-28',
      }),
    ).toBe('2026-11-28');
  });
});
