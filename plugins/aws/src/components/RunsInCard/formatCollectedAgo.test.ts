import { formatCollectedAgo } from './formatCollectedAgo';

describe('formatCollectedAgo', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');

  it.each([
    ['2026-11-21T11:59:30Z', 'collected just now'],
    ['2026-11-21T12:00:05Z', 'collected just now'],
    ['2026-11-21T11:59:00Z', 'collected 1 minute ago'],
    ['2026-11-21T11:55:59Z', 'collected 4 minutes ago'],
    ['2026-11-21T10:30:00Z', 'collected 1 hour ago'],
    ['2026-11-20T09:00:00Z', 'collected 1 day ago'],
    ['2026-11-18T12:00:00Z', 'collected 3 days ago'],
  ])('%s is "%s"', (collectedAt, expected) => {
    expect(formatCollectedAgo(collectedAt, now)).toBe(expected);
  });
});
