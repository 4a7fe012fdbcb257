import { DailyCostRow } from '../database/CostsStore';
import {
  apportionForecast,
  dailyCosts,
  mergeForecast,
  monthAmounts,
  teamShare,
  withheldTotals,
} from './costFigures';

describe('monthAmounts', () => {
  const months = ['2026-10', '2026-11', '2026-12'];

  it('gives every month of the range, 0 without cost, the open month estimated', () => {
    expect(
      monthAmounts(
        [
          { month: '2026-09', amount: 99, estimated: false },
          { month: '2026-10', amount: 10, estimated: false },
          { month: '2026-12', amount: 2.5, estimated: true },
        ],
        months,
        '2026-12',
      ),
    ).toEqual([
      { month: '2026-10', amount: 10, estimated: false },
      { month: '2026-11', amount: 0, estimated: false },
      { month: '2026-12', amount: 2.5, estimated: true },
    ]);
  });

  it('keeps a closed month estimated until its days are final, and adds series of one month', () => {
    expect(
      monthAmounts(
        [
          { month: '2026-11', amount: 4, estimated: true },
          { month: '2026-11', amount: 6, estimated: false },
        ],
        months,
        '2026-12',
      ),
    ).toEqual([
      { month: '2026-10', amount: 0, estimated: false },
      { month: '2026-11', amount: 10, estimated: true },
      // Open, even without any stored day yet (the 1st, before the first refresh).
      { month: '2026-12', amount: 0, estimated: true },
    ]);
  });
});

describe('mergeForecast', () => {
  it('adds the forecast of the rest of the month to the days before it', () => {
    expect(mergeForecast(300, { mean: 200, low: 150, high: 260 })).toEqual({
      monthEnd: 500,
      low: 450,
      high: 560,
    });
  });
});

describe('apportionForecast', () => {
  it("gives a service its share of the environment's forecast, on top of its own actual", () => {
    expect(
      apportionForecast({
        actualBeforeForecast: 40,
        recentAmount: 25,
        environmentRecentAmount: 100,
        environmentForecast: { mean: 200, low: 100, high: 400 },
      }),
    ).toEqual({ monthEnd: 90, low: 65, high: 140 });
  });

  it('gives none when the environment had no cost to share out', () => {
    expect(
      apportionForecast({
        actualBeforeForecast: 0,
        recentAmount: 0,
        environmentRecentAmount: 0,
        environmentForecast: { mean: 200, low: 100, high: 400 },
      }),
    ).toBeUndefined();
  });
});

describe('teamShare', () => {
  it('is a percentage of the team, none for a team without cost', () => {
    expect(teamShare(25, 200)).toBe(12.5);
    expect(teamShare(0, 0)).toBeUndefined();
  });
});

describe('withheldTotals', () => {
  it('adds up the withheld rows per environment, month by month', () => {
    const row = (environment: string, a: number, b: number) => ({
      environment,
      months: [
        { month: '2026-11', amount: a, estimated: false },
        { month: '2026-12', amount: b, estimated: true },
      ],
    });
    const rows = [row('prod', 1, 2), row('dev', 5, 5), row('prod', 10, 20)];
    expect(withheldTotals(rows)).toEqual([
      {
        environment: 'prod',
        months: [
          { month: '2026-11', amount: 11, estimated: false },
          { month: '2026-12', amount: 22, estimated: true },
        ],
      },
      { environment: 'dev', months: rows[1].months },
    ]);
    // The rows themselves are left as they were.
    expect(rows[0].months[0].amount).toBe(1);
    expect(withheldTotals([])).toEqual([]);
  });
});

describe('dailyCosts', () => {
  const row = (
    day: string,
    awsService: string,
    amount: number,
    estimated = false,
    component = 'checkout-api',
  ): DailyCostRow => ({
    environment: 'prod',
    day,
    component,
    awsService,
    amount,
    currency: 'USD',
    estimated,
  });

  it('gives one entry per day, oldest first, by AWS service, estimated when any row is', () => {
    expect(
      dailyCosts([
        row('2026-12-02', 'EC2 - Other', 1, true),
        row('2026-12-01', 'EC2 - Other', 2),
        row('2026-12-01', 'Amazon Relational Database Service', 10),
        row('2026-12-02', 'Amazon Relational Database Service', 10),
        row('2026-12-02', 'EC2 - Other', 0.5, false, 'checkout-worker'),
      ]),
    ).toEqual([
      {
        day: '2026-12-01',
        amount: 12,
        estimated: false,
        byService: {
          'EC2 - Other': 2,
          'Amazon Relational Database Service': 10,
        },
      },
      {
        day: '2026-12-02',
        amount: 11.5,
        estimated: true,
        byService: {
          'EC2 - Other': 1.5,
          'Amazon Relational Database Service': 10,
        },
      },
    ]);
  });
});
