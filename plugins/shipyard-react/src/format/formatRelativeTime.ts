const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * "4 minutes ago", from an ISO time and the current time. Whole units,
 * rounded down; a clock slightly behind the server's says "just now" rather
 * than "-1 minutes ago".
 */
export function formatRelativeTime(at: string, now: number): string {
  const elapsed = Math.max(0, now - Date.parse(at));
  if (elapsed < MINUTE) {
    return 'just now';
  }
  if (elapsed < HOUR) {
    return `${plural(Math.floor(elapsed / MINUTE), 'minute')} ago`;
  }
  if (elapsed < DAY) {
    return `${plural(Math.floor(elapsed / HOUR), 'hour')} ago`;
  }
  return `${plural(Math.floor(elapsed / DAY), 'day')} ago`;
}

/** The absolute time, for a title beside a relative one. */
export function formatAbsoluteTime(at: string): string {
  return new Date(at).toLocaleString();
}
