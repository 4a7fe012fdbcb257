import { formatAbsoluteTime, formatRelativeTime } from './formatRelativeTime';

describe('formatRelativeTime', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');

  it.each([
    ['2026-11-21T11:59:30Z', 'just now'],
    ['2026-11-21T12:00:05Z', 'just now'],
    ['2026-11-21T11:59:00Z', '1 minute ago'],
    ['2026-11-21T11:55:59Z', '4 minutes ago'],
    ['2026-11-21T10:30:00Z', '1 hour ago'],
    ['2026-11-20T09:00:00Z', '1 day ago'],
    ['2026-11-18T12:00:00Z', '3 days ago'],
  ])('%s is "%s"', (at, expected) => {
    expect(formatRelativeTime(at, now)).toBe(expected);
  });
});

describe('formatAbsoluteTime', () => {
  it('is the local date and time', () => {
    const at = '2026-11-21T12:00:00Z';
    expect(formatAbsoluteTime(at)).toBe(new Date(at).toLocaleString());
  });
});
