import { CountBucket } from '../database/AvailabilityStore';
import { remainingPercentOf } from './errorBudget';
import { availabilityOf } from './sumTotals';

/** One point of the chart: availability in the bucket and the burn-down at its end. */
export interface ChartPointFigures {
  /** Start of the bucket (aligned to its width, UTC). */
  t: number;
  availability?: number;
  /** Undefined without a budget (no target). */
  budgetRemainingPercent?: number;
}

/**
 * The range in buckets of `width` (an hour or a day), aligned to the width
 * (so the first may begin before the range; only data inside the range
 * counts). The burn-down subtracts the units that failed up to the end of
 * each bucket from the period's budget so far (`budgetTotal`, the headline
 * figure): it starts at 100 % and ends at the headline remainingPercent. A
 * zero budget shows 100 until something fails, then 0, as errorBudget does.
 */
export function chartPoints(
  buckets: CountBucket[],
  range: { start: number; end: number },
  width: number,
  budgetTotal?: number,
): ChartPointFigures[] {
  const first = Math.floor(range.start / width) * width;
  const count = Math.max(0, Math.ceil((range.end - first) / width));
  const sums = Array.from({ length: count }, () => ({ good: 0, total: 0 }));
  for (const bucket of buckets) {
    if (bucket.start >= range.start && bucket.start < range.end) {
      const sum = sums[Math.floor((bucket.start - first) / width)];
      sum.good += bucket.good;
      sum.total += bucket.total;
    }
  }
  let consumed = 0;
  return sums.map((sum, i) => {
    consumed += sum.total - sum.good;
    const point: ChartPointFigures = { t: first + i * width };
    const availability = availabilityOf(sum);
    if (availability !== undefined) {
      point.availability = availability;
    }
    if (budgetTotal !== undefined) {
      point.budgetRemainingPercent = remainingPercentOf(budgetTotal, consumed);
    }
    return point;
  });
}
