const MINUTE = 60_000;

/**
 * What a row says before the inventory has looked in its environment: when
 * the next collection is due, from the backend's schedule, or that the first
 * run is still to come.
 */
export function formatNotCollected(
  nextCollectionAt: string | undefined,
  now: number,
): string {
  if (!nextCollectionAt) {
    return 'Not collected yet: waiting for the inventory’s first run';
  }
  // Rounded up, so that "in 1 minute" is never said of a run already due.
  const minutes = Math.ceil((Date.parse(nextCollectionAt) - now) / MINUTE);
  if (minutes <= 0) {
    return 'Not collected yet: the next collection is due now';
  }
  return `Not collected yet: the next collection is due in ${minutes} minute${
    minutes === 1 ? '' : 's'
  }`;
}
