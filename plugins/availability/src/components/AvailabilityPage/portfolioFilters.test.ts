import { portfolioRow } from '../../testing/fixtures';
import { filterRows, readView, writeView } from './portfolioFilters';

describe('portfolioFilters', () => {
  it('reads a view from the URL and writes it back without defaults', () => {
    const query =
      'period=7d&environment=prod&tier=prod&team=group%3Adefault%2Fteam-payments&state=at-risk&group=system&sort=-availability';
    const view = readView(new URLSearchParams(query));
    expect(view).toEqual({
      period: '7d',
      environment: 'prod',
      tier: 'prod',
      team: 'group:default/team-payments',
      state: 'at-risk',
      groupBy: 'system',
      sort: { column: 'availability', direction: 'desc' },
    });
    expect(writeView(view).toString()).toBe(query);
    expect(writeView(readView(new URLSearchParams())).toString()).toBe('');
  });

  it('ignores what it does not know', () => {
    expect(
      readView(
        new URLSearchParams('period=1y&tier=qa&state=fine&sort=cost&group=x'),
      ),
    ).toEqual({
      period: '30d',
      sort: { column: 'worst', direction: 'asc' },
    });
  });

  it('keeps the rows that match every filter', () => {
    const rows = [
      portfolioRow({ name: 'a', environment: 'prod', state: 'breaching' }),
      portfolioRow({
        name: 'b',
        environment: 'staging',
        tier: 'staging',
        state: 'healthy',
      }),
      portfolioRow({
        name: 'c',
        environment: 'prod',
        owner: 'group:default/team-payments',
        state: 'breaching',
      }),
    ];
    const names = (filtered: typeof rows) => filtered.map(r => r.name);
    expect(names(filterRows(rows, {}))).toEqual(['a', 'b', 'c']);
    expect(names(filterRows(rows, { environment: 'prod' }))).toEqual([
      'a',
      'c',
    ]);
    expect(names(filterRows(rows, { tier: 'staging' }))).toEqual(['b']);
    expect(
      names(
        filterRows(rows, {
          state: 'breaching',
          team: 'group:default/team-storefront',
        }),
      ),
    ).toEqual(['a']);
  });
});
