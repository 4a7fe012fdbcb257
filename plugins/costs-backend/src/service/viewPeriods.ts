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
   * The previous month over as many whole days as the current month has had
   * before today (clamped to its length: on 31 March, all of February), so
   * that movers compare like with like...
   */
  previousMonthToDate: { from: CostDay; to: CostDay };
  /**
   * ...plus the previous month's day that matches today, weighted by how
   * much of today the stored costs cover: today's cost so far is part of a
   * day, and a whole day against it made every service look ~30 % cheaper on
   * the 2nd.
   * Absent when the previous month has no such day.
   */
  previousMatchingDay?: { day: CostDay; share: number };
  /** The oldest month any figure needs: the first shown, or the previous one. */
  firstMonth: CostMonth;
}

/**
 * `dataUntil` is when the stored costs were read (the last refresh): today's
 * cost covers the day up to then, so that is the share of the matching day
 * it is compared with (and two requests between refreshes get the same
 * figures).
 */
export function viewPeriods(
  now: number,
  count: number,
  dataUntil: number = now,
): ViewPeriods {
  const today = dayOf(now);
  const month = monthOf(today);
  const previousMonth = addMonths(month, -1);
  const previousStart = firstDayOf(previousMonth);
  const dayOfMonth = Number(today.slice(8, 10));
  const previousLength = daysBetween(previousStart, firstDayOf(month));
  const wholeDays = Math.min(dayOfMonth - 1, previousLength);
  const share = Math.min(
    1,
    Math.max(
      0,
      (Math.min(now, dataUntil) - Date.parse(`${today}T00:00:00Z`)) /
        86_400_000,
    ),
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
      to: addDays(previousStart, wholeDays),
    },
    ...(dayOfMonth <= previousLength
      ? {
          previousMatchingDay: {
            day: addDays(previousStart, dayOfMonth - 1),
            share,
          },
        }
      : {}),
    firstMonth: months[0] < previousMonth ? months[0] : previousMonth,
  };
}
