import { formatNotCollected } from './formatNotCollected';

describe('formatNotCollected', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');

  it('says when the next collection is due, rounded up to the minute', () => {
    expect(formatNotCollected('2026-12-01T12:06:30Z', now)).toBe(
      'Not collected yet: the next collection is due in 7 minutes',
    );
    expect(formatNotCollected('2026-12-01T12:00:20Z', now)).toBe(
      'Not collected yet: the next collection is due in 1 minute',
    );
  });

  it('says "now" for a run that is due or overdue', () => {
    expect(formatNotCollected('2026-12-01T11:58:00Z', now)).toBe(
      'Not collected yet: the next collection is due now',
    );
  });

  it('says the first run is still to come without a schedule', () => {
    expect(formatNotCollected(undefined, now)).toBe(
      'Not collected yet: waiting for the inventory’s first run',
    );
  });
});
