import { sumTrends } from './sumTrends';

const point = (day: string, critical: number, low = 0) => ({
  day,
  critical,
  high: 1,
  medium: 0,
  low,
  unknown: 0,
});

describe('sumTrends', () => {
  it('adds the environments day by day, oldest first, whatever days each has', () => {
    expect(
      sumTrends([
        [point('2026-11-29', 1), point('2026-11-30', 2)],
        [point('2026-11-28', 5, 3), point('2026-11-30', 1, 1)],
      ]),
    ).toEqual([
      point('2026-11-28', 5, 3),
      point('2026-11-29', 1),
      { ...point('2026-11-30', 3, 1), high: 2 },
    ]);
    expect(sumTrends([])).toEqual([]);
  });
});
