import {
  compareCounts,
  countByBand,
  emptyCounts,
  FindingFacts,
  topTypes,
  trendPoints,
} from './securityFigures';

const NOW = new Date('2026-12-10T12:00:00Z');
const at = (iso: string) => new Date(iso);

const fact = (more: Partial<FindingFacts>): FindingFacts => ({
  band: 'high',
  archived: false,
  ...more,
});

describe('countByBand', () => {
  it('counts each band, unknown included', () => {
    expect(
      countByBand([
        { band: 'critical' },
        { band: 'high' },
        { band: 'high' },
        { band: 'unknown' },
      ]),
    ).toEqual({ critical: 1, high: 2, medium: 0, low: 0, unknown: 1 });
    expect(countByBand([])).toEqual(emptyCounts());
  });
});

describe('compareCounts', () => {
  it('puts more critical first, then more high, down to unknown', () => {
    const counts = (critical: number, high: number, unknown = 0) => ({
      ...emptyCounts(),
      critical,
      high,
      unknown,
    });
    const sorted = [counts(0, 5), counts(1, 0), counts(0, 0, 3), counts(1, 2)]
      .sort(compareCounts)
      .map(c => [c.critical, c.high, c.unknown]);
    expect(sorted).toEqual([
      [1, 2, 0],
      [1, 0, 0],
      [0, 5, 0],
      [0, 0, 3],
    ]);
  });
});

describe('topTypes', () => {
  it('gives the most frequent types, most first then by name, leaving out untyped findings', () => {
    const findings = [
      { type: 'B' },
      { type: 'A' },
      { type: 'C' },
      { type: 'C' },
      {},
      {},
      {},
    ];
    expect(topTypes(findings, 2)).toEqual([
      { type: 'C', count: 2 },
      { type: 'A', count: 1 },
    ]);
  });
});

describe('trendPoints', () => {
  it('gives one point per day, oldest first, today last', () => {
    const points = trendPoints([], { days: 30, now: NOW });
    expect(points).toHaveLength(30);
    expect(points[0]).toEqual({ day: '2026-11-11', ...emptyCounts() });
    expect(points[29].day).toBe('2026-12-10');
  });

  it('counts a finding at the end of each day from when it was first seen until a sync found it archived', () => {
    const points = trendPoints(
      [
        // Seen on the 7th, archived on the 9th in the morning.
        fact({
          band: 'critical',
          firstSeen: at('2026-12-07T10:00:00Z'),
          archived: true,
          archivedAt: at('2026-12-09T08:00:00Z'),
        }),
        // Active since long before the range.
        fact({ band: 'low', firstSeen: at('2026-01-01T00:00:00Z') }),
        // First seen today, after midnight: today's point only.
        fact({ band: 'medium', firstSeen: at('2026-12-10T11:00:00Z') }),
        // Not first seen yet at now (a clock ahead): not counted.
        fact({ band: 'medium', firstSeen: at('2026-12-10T13:00:00Z') }),
        // Without first seen: from last seen.
        fact({ band: 'unknown', lastSeen: at('2026-12-08T23:59:59Z') }),
        // Archived, but when is unknown: left out.
        fact({ band: 'high', archived: true }),
        // No date at all: active through the whole range.
        fact({ band: 'high' }),
      ],
      { days: 5, now: NOW },
    );
    expect(
      points.map(p => [p.day, p.critical, p.high, p.medium, p.low, p.unknown]),
    ).toEqual([
      ['2026-12-06', 0, 1, 0, 1, 0],
      ['2026-12-07', 1, 1, 0, 1, 0],
      ['2026-12-08', 1, 1, 0, 1, 1],
      ['2026-12-09', 0, 1, 0, 1, 1],
      ['2026-12-10', 0, 1, 1, 1, 1],
    ]);
  });

  it('counts a finding archived exactly at the end of a day as gone at that point', () => {
    const archivedAt = (iso: string) =>
      trendPoints(
        [
          fact({
            firstSeen: at('2026-12-01T00:00:00Z'),
            archived: true,
            archivedAt: at(iso),
          }),
        ],
        { days: 3, now: NOW },
      ).map(p => p.high);
    expect(archivedAt('2026-12-09T00:00:00.000Z')).toEqual([0, 0, 0]);
    expect(archivedAt('2026-12-09T00:00:00.001Z')).toEqual([1, 0, 0]);
  });
});
