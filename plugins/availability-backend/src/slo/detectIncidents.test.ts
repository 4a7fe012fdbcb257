import { MinuteCount } from '../database/AvailabilityStore';
import { detectIncidents, incidentErrorRatio } from './detectIncidents';
import { MINUTE } from './time';

const T0 = Date.UTC(2026, 4, 17, 9, 0);

/** Minutes [from, to) (offsets from T0) with `total` requests and this error ratio. */
function span(
  from: number,
  to: number,
  errorRatio: number,
  total = 1000,
): MinuteCount[] {
  return Array.from({ length: to - from }, (_, i) => ({
    start: T0 + (from + i) * MINUTE,
    good: Math.round(total * (1 - errorRatio)),
    total,
  }));
}

describe('incidentErrorRatio', () => {
  it.each([
    [99.9, 0.01],
    [99.97, 0.003],
    [99, 0.1],
    [90, 0.55],
    [100, 0],
  ])('judges a bucket bad at %s %% above %s failing', (target, ratio) => {
    expect(incidentErrorRatio(target)).toBeCloseTo(ratio, 12);
  });
});

describe('detectIncidents', () => {
  it('finds nothing in a service a little below its target', () => {
    // 0.2 % errors against 99.9 %: breaching, but no incident.
    expect(detectIncidents(span(0, 600, 0.002), 99.9)).toEqual([]);
  });

  it('places an incident to the minute, with its counts', () => {
    const minutes = [
      ...span(0, 62, 0.001),
      ...span(62, 109, 0.18),
      ...span(109, 240, 0.001),
    ];
    expect(detectIncidents(minutes, 99.9)).toEqual([
      {
        start: T0 + 62 * MINUTE,
        end: T0 + 109 * MINUTE,
        good: 47 * 820,
        total: 47_000,
      },
    ]);
  });

  it('merges bad stretches less than 15 minutes apart, not those further apart', () => {
    const minutes = [
      ...span(0, 20, 0),
      ...span(20, 35, 0.5), // bad 20-35
      ...span(35, 45, 0), // 10 minutes good: merged
      ...span(45, 60, 0.5), // bad 45-60
      ...span(60, 80, 0), // 20 minutes good: separate
      ...span(80, 95, 0.5),
      ...span(95, 120, 0),
    ];
    const incidents = detectIncidents(minutes, 99.9);
    expect(
      incidents.map(i => [(i.start - T0) / MINUTE, (i.end! - T0) / MINUTE]),
    ).toEqual([
      [20, 60],
      [80, 95],
    ]);
    // The good minutes in between count in the merged incident.
    expect(incidents[0].total).toBe(40_000);
    expect(incidents[0].good).toBe(10_000 + 30 * 500);
  });

  it('leaves out a short blip that spent little budget, keeps a short total outage', () => {
    // 3 minutes at 5 % errors: 150 bad requests, under 2 % of a 30-day
    // budget (0.02 × 0.001 × 1000/min × 43,200 min = 864).
    const blip = [...span(0, 30, 0), ...span(30, 33, 0.05), ...span(33, 60, 0)];
    expect(detectIncidents(blip, 99.9)).toEqual([]);
    // 3 minutes at 100 %: 3,000 bad requests.
    const outage = [...span(0, 30, 0), ...span(30, 33, 1), ...span(33, 60, 0)];
    expect(detectIncidents(outage, 99.9)).toEqual([
      { start: T0 + 30 * MINUTE, end: T0 + 33 * MINUTE, good: 0, total: 3000 },
    ]);
  });

  it('keeps an incident of 10 minutes or more whatever it cost', () => {
    const minutes = [
      ...span(0, 30, 0),
      ...span(30, 40, 0.02),
      ...span(40, 60, 0),
    ];
    expect(detectIncidents(minutes, 99.9)).toEqual([
      {
        start: T0 + 30 * MINUTE,
        end: T0 + 40 * MINUTE,
        good: 9800,
        total: 10_000,
      },
    ]);
  });

  it('works on health minutes (1 or 0) and skips minutes that do not count', () => {
    const minutes: MinuteCount[] = [
      ...span(0, 10, 0, 1),
      ...span(10, 12, 1, 1), // 2 minutes without a running task
      ...span(12, 20, 0, 0), // desired 0: not counted
      ...span(20, 40, 0, 1),
    ];
    // 2 bad minutes > 2 % of 43.2 minutes.
    expect(detectIncidents(minutes, 99.9)).toEqual([
      { start: T0 + 10 * MINUTE, end: T0 + 12 * MINUTE, good: 0, total: 2 },
    ]);
    // At 99 % the budget is 432 minutes; 2 are under 2 % of it.
    expect(detectIncidents(minutes, 99)).toEqual([]);
  });

  it('leaves an incident open while the bucket of the last collected minute is bad', () => {
    const minutes = [...span(0, 30, 0), ...span(30, 52, 0.3)];
    expect(detectIncidents(minutes, 99.9, { until: T0 + 52 * MINUTE })).toEqual(
      [{ start: T0 + 30 * MINUTE, good: 22 * 700, total: 22_000 }],
    );
    // Closed once a good bucket follows.
    const closed = [...minutes, ...span(52, 60, 0)];
    expect(
      detectIncidents(closed, 99.9, { until: T0 + 60 * MINUTE })[0].end,
    ).toBe(T0 + 52 * MINUTE);
  });

  it('with a 100 % target, any failure is below target', () => {
    const minutes = [
      ...span(0, 10, 0),
      ...span(10, 11, 0.001),
      ...span(11, 20, 0),
    ];
    expect(detectIncidents(minutes, 100)).toEqual([
      {
        start: T0 + 10 * MINUTE,
        end: T0 + 11 * MINUTE,
        good: 999,
        total: 1000,
      },
    ]);
  });

  it('bridges a gap without data inside an incident', () => {
    const minutes = [
      ...span(0, 20, 0),
      ...span(20, 30, 0.4),
      // 30-40: no data
      ...span(40, 50, 0.4),
      ...span(50, 70, 0),
    ];
    const [incident, ...rest] = detectIncidents(minutes, 99.9);
    expect(rest).toEqual([]);
    expect(incident).toEqual({
      start: T0 + 20 * MINUTE,
      end: T0 + 50 * MINUTE,
      good: 12_000,
      total: 20_000,
    });
  });

  it('finds nothing in no minutes', () => {
    expect(detectIncidents([], 99.9)).toEqual([]);
  });
});
