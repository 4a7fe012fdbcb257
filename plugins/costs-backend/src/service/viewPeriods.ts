import { CostDay, CostMonth } from '../database/CostsStore';
import {
  addDays,
  addMonths,
  dayOf,
  daysBetween,
  firstDayOf,
  monthOf,
} from '../database/costDays';

/**
 * The days and months a view is computed over, from "now" (UTC). Ranges of
 * days are [from, to), as the store takes them.
 */
export interface ViewPeriods {
  today: CostDay;
  /** The day after today: the end of every range that runs to now. */
  tomorrow: CostDay;
  /** The current month, open until its last day is final. */
  month: CostMonth;
  /** The `count` months shown, the current one last. */
  months: CostMonth[];
  previousMonth: CostMonth;
  /**
   * The previous month over as many days as the current month has had, today
   * included (clamped to its length: on 31 March, all of February), so that
   * movers compare like with like.
   */
  previousMonthToDate: { from: CostDay; to: CostDay };
  /** The oldest month any figure needs: the first shown, or the previous one. */
  firstMonth: CostMonth;
}

export function viewPeriods(now: number, count: number): ViewPeriods {
  const today = dayOf(now);
  const month = monthOf(today);
  const previousMonth = addMonths(month, -1);
  const previousStart = firstDayOf(previousMonth);
  const elapsed = Math.min(
    Number(today.slice(8, 10)),
    daysBetween(previousStart, firstDayOf(month)),
  );
  const months = Array.from({ length: count }, (_, i) =>
    addMonths(month, i - count + 1),
  );
  return {
    today,
    tomorrow: addDays(today, 1),
    month,
    months,
    previousMonth,
    previousMonthToDate: {
      from: previousStart,
      to: addDays(previousStart, elapsed),
    },
    firstMonth: months[0] < previousMonth ? months[0] : previousMonth,
  };
}
