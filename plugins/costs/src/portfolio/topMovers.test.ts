import { costRow, unattributedRow } from '../testing/fixtures';
import { topMovers } from './topMovers';

describe('topMovers', () => {
  it('ranks month to date against the previous month to date, up or down', () => {
    const rows = [
      costRow({ name: 'steady', monthToDate: 500, previousMonthToDate: 500 }),
      costRow({ name: 'up', monthToDate: 500, previousMonthToDate: 300 }),
      costRow({ name: 'down', monthToDate: 100, previousMonthToDate: 400 }),
      costRow({ name: 'new', monthToDate: 50, previousMonthToDate: 0 }),
      costRow({
        name: 'unknown',
        monthToDate: 9000,
        previousMonthToDate: undefined,
      }),
      unattributedRow('prod', 'prod', [10, 10, 250], 100),
    ];
    expect(
      topMovers(rows).map(m => [m.row.name ?? 'unattributed', m.change]),
    ).toEqual([
      ['down', -300],
      ['up', 200],
      ['unattributed', 150],
      ['new', 50],
    ]);
    expect(topMovers(rows, 2)).toHaveLength(2);
  });
});
