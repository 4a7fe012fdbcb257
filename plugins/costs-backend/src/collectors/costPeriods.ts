import { CostDay } from '../database/CostsStore';
import { addDays, addMonths, firstDayOf, monthOf } from '../database/costDays';

/**
 * Cost Explorer finalizes a month's bill in the first days of the next
 * month: until the end of this day of the new month the previous month is
 * still open.
 */
export const PREVIOUS_MONTH_OPEN_DAYS = 5;

/**
 * The days a day's later refreshes read again: today and the two before.
 * Cost Explorer revises recent days most (usage and its charges arrive up to
 * a day or two late); older open days change little within a day, and the
 * next day's first refresh reads them all again. At a page per day and
 * environment (1,000 services) this is what keeps the collector's bill well
 * under one request per entity view.
 */
export const RECENT_DAYS = 3;

/** What one refresh reads from Cost Explorer for one environment. */
export interface CostPeriods {
  /** The first day the backfill covers: the first day of its oldest month. */
  backfillStart: CostDay;
  /**
   * The first open day: the current month's first day, or the previous
   * month's while that is not final.
   */
  openStart: CostDay;
  /**
   * True when the refresh reads everything from the cursor (or the
   * backfill) up to today, the whole open period included: only such a read
   * may move the cursor and mark the open period read today. False for a
   * day's later refreshes, which read the recent days only.
   */
  readsOpenPeriod: boolean;
  /** The first day to read. */
  from: CostDay;
  /** Exclusive: tomorrow (today is billed as it goes, estimated). */
  to: CostDay;
}

/**
 * The days one refresh reads for an environment on `today` (UTC):
 * - the first run, the backfill (`backfillMonths` calendar months, the
 *   current one included);
 * - the first refresh of a UTC day (the open period not yet read in full
 *   today), from the cursor (every day before it is stored and final: an
 *   interrupted backfill resumes there) or the first open day, whichever is
 *   earlier;
 * - the day's other refreshes, the last {@link RECENT_DAYS} days only.
 *
 * Every read ends with today. A read of the open period that did not finish
 * (throttled) leaves the day unmarked, so the next refresh reads it again.
 */
export function costPeriods(options: {
  today: CostDay;
  backfillMonths: number;
  /** The environment's cursor; undefined before its first stored day. */
  collectedUntil?: CostDay;
  /** The UTC day the environment's open period was last read in full. */
  openPeriodReadOn?: CostDay;
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
  const to = addDays(today, 1);
  if (options.collectedUntil === undefined) {
    return {
      backfillStart,
      openStart,
      readsOpenPeriod: true,
      from: backfillStart,
      to,
    };
  }
  if (options.openPeriodReadOn === today) {
    const recentStart = addDays(today, -(RECENT_DAYS - 1));
    return {
      backfillStart,
      openStart,
      readsOpenPeriod: false,
      from: recentStart > openStart ? recentStart : openStart,
      to,
    };
  }
  let from =
    options.collectedUntil < openStart ? options.collectedUntil : openStart;
  if (from < backfillStart) {
    from = backfillStart;
  }
  return { backfillStart, openStart, readsOpenPeriod: true, from, to };
}

/**
 * Where an environment's cursor goes after a read of the open period stored
 * its days up to `storedUntil` (exclusive): every day before it must be
 * final, so it stops at the first open day and at the first day Cost
 * Explorer still called estimated.
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
