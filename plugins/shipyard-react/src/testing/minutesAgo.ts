/** An ISO time the given number of minutes before now, for data of a given age. */
export function minutesAgo(minutes: number): string {
  return new Date(Date.now() - minutes * 60_000).toISOString();
}
