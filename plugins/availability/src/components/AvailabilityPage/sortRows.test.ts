import { portfolioRow } from '../../testing/fixtures';
import { sortRows } from './sortRows';

const rows = [
  portfolioRow({ name: 'b-api', availability: 98, state: 'breaching' }),
  portfolioRow({
    name: 'a-api',
    availability: null,
    budget: undefined,
    state: 'no-data',
  }),
  portfolioRow({
    name: 'c-api',
    environment: 'staging',
    tier: 'staging',
    availability: 99.99,
    budget: {
      unit: 'minutes',
      total: 10,
      consumed: 1,
      remaining: 9,
      remainingPercent: 90,
    },
  }),
];

const names = (sorted: typeof rows) => sorted.map(r => r.name);

describe('sortRows', () => {
  it('keeps the backend order for worst first, and turns it round', () => {
    expect(
      names(sortRows(rows, { column: 'worst', direction: 'asc' })),
    ).toEqual(['b-api', 'a-api', 'c-api']);
    expect(
      names(sortRows(rows, { column: 'worst', direction: 'desc' })),
    ).toEqual(['c-api', 'a-api', 'b-api']);
  });

  it('sorts by availability and budget with missing values last either way', () => {
    expect(
      names(sortRows(rows, { column: 'availability', direction: 'asc' })),
    ).toEqual(['b-api', 'c-api', 'a-api']);
    expect(
      names(sortRows(rows, { column: 'availability', direction: 'desc' })),
    ).toEqual(['c-api', 'b-api', 'a-api']);
    expect(
      names(sortRows(rows, { column: 'budget', direction: 'asc' })),
    ).toEqual(['b-api', 'c-api', 'a-api']);
  });

  it('sorts by name and by environment, prod first', () => {
    expect(
      names(sortRows(rows, { column: 'service', direction: 'asc' })),
    ).toEqual(['a-api', 'b-api', 'c-api']);
    expect(
      names(sortRows(rows, { column: 'environment', direction: 'asc' })),
    ).toEqual(['b-api', 'a-api', 'c-api']);
  });
});
