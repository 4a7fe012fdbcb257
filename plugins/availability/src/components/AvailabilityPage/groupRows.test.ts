import { portfolioRow } from '../../testing/fixtures';
import { groupRows, rollUp } from './groupRows';

function totals(good: number, total: number) {
  return { good, total, minutes: 100, noDataMinutes: 0 };
}

describe('groupRows', () => {
  it('rolls up a group as good over total summed, the worst state and the least budget', () => {
    const rollup = rollUp([
      portfolioRow({ totals: totals(990, 1000), state: 'healthy' }),
      portfolioRow({
        totals: totals(8_970, 9_000),
        state: 'at-risk',
        budget: {
          unit: 'requests',
          total: 9,
          consumed: 30,
          remaining: -21,
          remainingPercent: -233,
        },
      }),
      portfolioRow({
        totals: undefined,
        availability: null,
        state: 'no-data',
        budget: undefined,
      }),
    ]);
    // (990 + 8,970) / (1,000 + 9,000), not the mean of 99 % and 99.67 %.
    expect(rollup.availability).toBeCloseTo(99.6, 10);
    expect(rollup.state).toBe('at-risk');
    expect(rollup.counts).toMatchObject({
      healthy: 1,
      'at-risk': 1,
      'no-data': 1,
    });
    expect(rollup.lowestBudgetPercent).toBe(-233);
  });

  it('has no availability without counted data', () => {
    expect(
      rollUp([portfolioRow({ totals: totals(0, 0), state: 'no-data' })])
        .availability,
    ).toBeNull();
  });

  it('groups by system or team in the order of each group’s first row', () => {
    const rows = [
      portfolioRow({
        name: 'ledger',
        system: 'system:default/payments',
        owner: 'group:default/team-payments',
      }),
      portfolioRow({ name: 'web', system: 'system:default/storefront' }),
      portfolioRow({
        name: 'gateway',
        system: 'system:default/payments',
        owner: 'group:default/team-payments',
      }),
      portfolioRow({ name: 'cron', system: undefined }),
    ];
    const bySystem = groupRows(rows, 'system');
    expect(bySystem.map(g => [g.ref, g.rows.map(r => r.name)])).toEqual([
      ['system:default/payments', ['ledger', 'gateway']],
      ['system:default/storefront', ['web']],
      [undefined, ['cron']],
    ]);
    expect(groupRows(rows, 'team').map(g => g.ref)).toEqual([
      'group:default/team-payments',
      'group:default/team-storefront',
    ]);
  });
});
