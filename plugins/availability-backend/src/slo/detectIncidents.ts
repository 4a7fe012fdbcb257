import { MinuteCount } from '../database/AvailabilityStore';
import { allowedErrorRatio } from './errorBudget';
import { DAY, MINUTE } from './time';

/** A period below target, as detected from minutes. */
export interface DetectedIncident {
  start: number;
  /** Undefined while it lasts. */
  end?: number;
  good: number;
  total: number;
}

/** Minutes are judged in buckets of this width, aligned to it. */
export const INCIDENT_BUCKET = 5 * MINUTE;
/** Bad buckets closer than this belong to one incident. */
export const INCIDENT_MERGE_GAP = 15 * MINUTE;
/** A bucket is bad when it fails at least this many times the allowed share. */
export const INCIDENT_BURN_RATE = 10;
/** An incident at least this long is kept whatever it cost... */
export const INCIDENT_MIN_DURATION = 10 * MINUTE;
/** ...a shorter one when it spent at least this share of a 30-day budget. */
export const INCIDENT_MIN_BUDGET_SHARE = 0.02;

/**
 * The share of failing units above which a bucket is bad: ten times the
 * share the target allows (for 99.9 %: more than 1 % failing), so that a
 * service that runs a little below its target, or the rounding of small
 * counts (one error in 170 requests is 0.6 %), is not an incident; the SLO
 * state says that it is breaching. For low targets, where ten times would be
 * more than everything, halfway between the allowed share and 100 %. For a
 * 100 % target, any failure.
 */
export function incidentErrorRatio(target: number): number {
  const allowed = allowedErrorRatio(target);
  return Math.min(INCIDENT_BURN_RATE * allowed, (1 + allowed) / 2);
}

interface Bucket {
  start: number;
  good: number;
  total: number;
  minutes: MinuteCount[];
}

function isBad(counts: { good: number; total: number }, threshold: number) {
  return (
    counts.total > 0 && counts.total - counts.good > threshold * counts.total
  );
}

/**
 * Periods below target, from per-minute counts. The rule:
 *
 * 1. Minutes are summed in 5-minute buckets (UTC-aligned). A bucket is bad
 *    when its share of failing units is above {@link incidentErrorRatio}
 *    (ten times what the target allows); buckets without counted units are
 *    neither good nor bad.
 * 2. Bad buckets less than 15 minutes apart (end to start) form one incident,
 *    so a flapping outage is one incident, not several.
 * 3. Its start and end are narrowed to the minute: from the first minute of
 *    its first bucket that is itself above the threshold to the end of the
 *    last such minute of its last bucket (a failure that starts or ends
 *    within a minute is placed within that minute).
 * 4. It is kept when it lasted at least 10 minutes, or when its failures
 *    spent at least 2 % of a 30-day budget (Google's fast-burn page: 2 % in
 *    an hour), estimated from the average traffic of the minutes given. So a
 *    lone noisy bucket is not an incident, while a short total outage of a
 *    busy service is.
 * 5. It lasts (no end) when the bucket holding the last collected minute
 *    (`until`, the series' cursor) is bad: the next cycle may extend it.
 *
 * The counts of an incident are those of its minutes, start to end.
 */
export function detectIncidents(
  minutes: MinuteCount[],
  target: number,
  options: { until?: number } = {},
): DetectedIncident[] {
  if (minutes.length === 0) {
    return [];
  }
  const threshold = incidentErrorRatio(target);
  const sorted = [...minutes].sort((a, b) => a.start - b.start);

  const buckets: Bucket[] = [];
  let unitsPerMinute = 0;
  for (const minute of sorted) {
    unitsPerMinute += minute.total;
    const start = Math.floor(minute.start / INCIDENT_BUCKET) * INCIDENT_BUCKET;
    let bucket = buckets[buckets.length - 1];
    if (!bucket || bucket.start !== start) {
      bucket = { start, good: 0, total: 0, minutes: [] };
      buckets.push(bucket);
    }
    bucket.good += minute.good;
    bucket.total += minute.total;
    bucket.minutes.push(minute);
  }
  unitsPerMinute /= sorted.length;
  const minBadUnits =
    (INCIDENT_MIN_BUDGET_SHARE *
      allowedErrorRatio(target) *
      unitsPerMinute *
      (30 * DAY)) /
    MINUTE;

  const groups: Bucket[][] = [];
  for (const bucket of buckets) {
    if (!isBad(bucket, threshold)) {
      continue;
    }
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    if (
      last &&
      bucket.start - (last.start + INCIDENT_BUCKET) < INCIDENT_MERGE_GAP
    ) {
      group.push(bucket);
    } else {
      groups.push([bucket]);
    }
  }

  const incidents: DetectedIncident[] = [];
  for (const group of groups) {
    const first = group[0];
    const last = group[group.length - 1];
    const firstMinute =
      first.minutes.find(m => isBad(m, threshold)) ??
      first.minutes.find(m => m.good < m.total) ??
      first.minutes[0];
    const lastMinute =
      [...last.minutes].reverse().find(m => isBad(m, threshold)) ??
      [...last.minutes].reverse().find(m => m.good < m.total) ??
      last.minutes[last.minutes.length - 1];
    const start = firstMinute.start;
    const end = lastMinute.start + MINUTE;
    let good = 0;
    let total = 0;
    // The good buckets between bad ones are part of the incident too.
    for (const minute of sorted) {
      if (minute.start >= start && minute.start < end) {
        good += minute.good;
        total += minute.total;
      }
    }
    const lasting =
      options.until !== undefined &&
      last.start + INCIDENT_BUCKET >= options.until;
    if (end - start < INCIDENT_MIN_DURATION && total - good < minBadUnits) {
      continue;
    }
    incidents.push({ start, ...(lasting ? {} : { end }), good, total });
  }
  return incidents;
}
