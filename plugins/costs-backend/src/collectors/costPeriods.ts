import { CostDay } from '../database/CostsStore';
import { addDays, addMonths, firstDayOf, monthOf } from '../database/costDays';

/**
 * Cost Explorer finalizes a month's bill in the first days of the next
 * month: until the end of this day of the new month the previous month is
 * read again on every refresh.
 */
export const PREVIOUS_MONTH_OPEN_DAYS = 5;

/** What one refresh reads from Cost Explorer for one environment. */
export interface CostPeriods {
  /** The first day the backfill covers: the first day of its oldest month. */
  backfillStart: CostDay;
  /**
   * The first open day: the current month's first day, or the previous
   * month's while that is not final. Open days are read on every refresh.
   */
  openStart: CostDay;
  /** The first day to read: the cursor, or the open days, or the backfill. */
  from: CostDay;
  /** Exclusive: tomorrow (today is billed as it goes, estimated). */
  to: CostDay;
}

/**
 * The days one refresh reads for an environment on `today` (UTC): on the
 * first run the backfill (`backfillMonths` calendar months, the current one
 * included); afterwards from the cursor (every day before it is stored and
 * final: a throttled backfill resumes there) or the first open day,
 * whichever is earlier, up to today included.
 */
export function costPeriods(options: {
  today: CostDay;
  backfillMonths: number;
  /** The environment's cursor; undefined before its first stored day. */
  collectedUntil?: CostDay;
}): CostPeriods {
  const { today } = options;
  const month = monthOf(today);
  const backfillStart = firstDayOf(
    addMonths(month, -(options.backfillMonths - 1)),
  );
  const dayOfMonth = Number(today.slice(8, 10));
  const openStart =
    dayOfMonth <= PREVIOUS_MONTH_OPEN_DAYS
      ? firstDayOf(addMonths(month, -1))
      : firstDayOf(month);
  let from = backfillStart;
  if (options.collectedUntil !== undefined) {
    from =
      options.collectedUntil < openStart ? options.collectedUntil : openStart;
    if (from < backfillStart) {
      from = backfillStart;
    }
  }
  return { backfillStart, openStart, from, to: addDays(today, 1) };
}

/**
 * Where an environment's cursor goes after its days up to `storedUntil`
 * (exclusive) are stored: every day before it must be final, so it stops at
 * the first open day and at the first day Cost Explorer still called
 * estimated.
 */
export function nextCursor(options: {
  storedUntil: CostDay;
  openStart: CostDay;
  firstEstimated?: CostDay;
}): CostDay {
  let cursor = options.storedUntil;
  if (options.openStart < cursor) {
    cursor = options.openStart;
  }
  if (options.firstEstimated !== undefined && options.firstEstimated < cursor) {
    cursor = options.firstEstimated;
  }
  return cursor;
}
