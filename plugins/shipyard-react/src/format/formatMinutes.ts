/** A duration in minutes for a figure: "42 min", "3.5 h", "2.1 d"; "—" when absent. */
export function formatMinutes(minutes: number | undefined): string {
  if (minutes === undefined || !Number.isFinite(minutes)) {
    return '—';
  }
  if (minutes < 60) {
    return `${Math.round(minutes)} min`;
  }
  if (minutes < 48 * 60) {
    return `${(minutes / 60).toFixed(1)} h`;
  }
  return `${(minutes / (24 * 60)).toFixed(1)} d`;
}
