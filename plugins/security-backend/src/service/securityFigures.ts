import {
  SeverityBand,
  severityBands,
  SeverityCounts,
  TrendPoint,
  TypeCount,
} from '@internal/plugin-security-common';
import { StoredFinding } from '../database/SecurityStore';

const DAY_MS = 86_400_000;

/** What the figures read of a finding. */
export type FindingFacts = Pick<
  StoredFinding,
  | 'band'
  | 'type'
  | 'firstSeen'
  | 'lastSeen'
  | 'updatedAt'
  | 'archived'
  | 'archivedAt'
>;

export function emptyCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

/** Findings per band (every finding given: filter the active ones first). */
export function countByBand(
  findings: Iterable<{ band: SeverityBand }>,
): SeverityCounts {
  const counts = emptyCounts();
  for (const { band } of findings) {
    counts[band in counts ? band : 'unknown'] += 1;
  }
  return counts;
}

/** Most severe first: more critical, then more high, and so on. */
export function compareCounts(a: SeverityCounts, b: SeverityCounts): number {
  for (const band of severityBands) {
    const difference = b[band] - a[band];
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

/** The most frequent finding types, most first (then by name); untyped findings are left out. */
export function topTypes(
  findings: Iterable<{ type?: string }>,
  limit: number,
): TypeCount[] {
  const counts = new Map<string, number>();
  for (const { type } of findings) {
    if (type) {
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
  }
  return [...counts]
    .map(([type, count]) => ({ type, count }))
    .sort((a, b) => b.count - a.count || a.type.localeCompare(b.type))
    .slice(0, limit);
}

/**
 * Findings active at the end of each of the last `days` days (UTC), today's
 * point at `now`, oldest first. A finding is active from when it was first
 * seen (else last seen or updated; with none of them, from before the
 * range) until a sync found it archived (`archivedAt`); an archived finding
 * without that date is left out.
 */
export function trendPoints(
  findings: Iterable<FindingFacts>,
  options: { days: number; now: Date },
): TrendPoint[] {
  const { days } = options;
  const now = options.now.getTime();
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const firstDay = today - (days - 1) * DAY_MS;
  // The moment each point counts at: the end of its day, today's now.
  const at = Array.from({ length: days }, (_, i) =>
    i === days - 1 ? now : firstDay + (i + 1) * DAY_MS,
  );
  // Per band, +1 where a finding becomes active and -1 after its last point.
  const changes = new Map<SeverityBand, number[]>(
    severityBands.map(band => [band, new Array(days + 1).fill(0)]),
  );
  for (const finding of findings) {
    const start = (
      finding.firstSeen ??
      finding.lastSeen ??
      finding.updatedAt
    )?.getTime();
    let end = Infinity;
    if (finding.archived) {
      if (!finding.archivedAt) {
        continue;
      }
      end = finding.archivedAt.getTime();
    }
    // The first point at or after its start, and the last before its end.
    const from = start === undefined ? 0 : firstIndex(at, t => t >= start);
    const to = firstIndex(at, t => t >= end) - 1;
    if (from > to) {
      continue;
    }
    const band = changes.has(finding.band) ? finding.band : 'unknown';
    const series = changes.get(band)!;
    series[from] += 1;
    series[to + 1] -= 1;
  }
  const running = emptyCounts();
  return at.map((_, i) => {
    for (const band of severityBands) {
      running[band] += changes.get(band)![i];
    }
    return { day: dayOf(firstDay + i * DAY_MS), ...running };
  });
}

/** The first index of the ascending `values` that satisfies `test`, or their length. */
function firstIndex(values: number[], test: (value: number) => boolean) {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (test(values[middle])) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low;
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
