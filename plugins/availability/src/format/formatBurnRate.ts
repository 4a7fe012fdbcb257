/**
 * A burn rate as a multiple of the rate that spends the budget exactly over
 * the window: "0.4×", "14.4×"; "—" without data or target.
 */
export function formatBurnRate(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) {
    return '—';
  }
  return rate >= 100 ? `${Math.round(rate)}×` : `${rate.toFixed(1)}×`;
}
