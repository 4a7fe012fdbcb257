import { periodRange } from './periodRange';

const at = (iso: string) => new Date(iso).getTime();

describe('periodRange', () => {
  const now = at('2026-05-17T10:42:13.500Z');

  it.each([
    ['7d', '2026-05-10T10:00:00.000Z'],
    ['30d', '2026-04-17T10:00:00.000Z'],
    ['90d', '2026-02-16T10:00:00.000Z'],
  ] as const)(
    'starts %s ago, down to the hour, and ends now',
    (period, start) => {
      expect(periodRange(period, now)).toEqual({
        period,
        start: at(start),
        end: now,
      });
    },
  );

  it('starts the month at 00:00 UTC on its first day', () => {
    expect(periodRange('month', now).start).toBe(at('2026-05-01T00:00:00Z'));
    // One millisecond into a month is that month, not the previous one.
    expect(periodRange('month', at('2026-06-01T00:00:00.001Z')).start).toBe(
      at('2026-06-01T00:00:00Z'),
    );
    expect(periodRange('month', at('2026-05-31T23:59:59.999Z')).start).toBe(
      at('2026-05-01T00:00:00Z'),
    );
  });

  it.each([
    ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'],
    ['2026-03-31T23:59:59.999Z', '2026-01-01T00:00:00.000Z'],
    ['2026-04-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ['2026-05-17T10:42:13.500Z', '2026-04-01T00:00:00.000Z'],
    ['2026-09-30T12:00:00.000Z', '2026-07-01T00:00:00.000Z'],
    ['2026-12-31T23:59:59.999Z', '2026-10-01T00:00:00.000Z'],
  ])('puts %s in the quarter starting %s (UTC)', (when, start) => {
    expect(periodRange('quarter', at(when))).toEqual({
      period: 'quarter',
      start: at(start),
      end: at(when),
    });
  });

  it('uses UTC whatever the local time zone says', () => {
    // 00:30 on 1 July in UTC+2 is still June in UTC.
    const range = periodRange('month', at('2026-06-30T22:30:00Z'));
    expect(new Date(range.start).toISOString()).toBe(
      '2026-06-01T00:00:00.000Z',
    );
  });
});
