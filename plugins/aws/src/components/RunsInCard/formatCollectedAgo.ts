const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/**
 * "collected 4 minutes ago", from an ISO time and the current time. Whole
 * units, rounded down, so that the text never claims fresher data than it is.
 */
export function formatCollectedAgo(collectedAt: string, now: number): string {
  // A clock slightly behind the server's would otherwise say "-1 minutes".
  const elapsed = Math.max(0, now - Date.parse(collectedAt));
  if (elapsed < MINUTE) {
    return 'collected just now';
  }
  if (elapsed < HOUR) {
    return `collected ${plural(Math.floor(elapsed / MINUTE), 'minute')} ago`;
  }
  if (elapsed < DAY) {
    return `collected ${plural(Math.floor(elapsed / HOUR), 'hour')} ago`;
  }
  return `collected ${plural(Math.floor(elapsed / DAY), 'day')} ago`;
}
