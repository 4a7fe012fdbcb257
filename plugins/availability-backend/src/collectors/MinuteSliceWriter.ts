import {
  AvailabilitySeries,
  AvailabilityStore,
  HourCount,
  MinuteCount,
} from '../database/AvailabilityStore';
import {
  DetectedIncident,
  INCIDENT_BUCKET,
  INCIDENT_MERGE_GAP,
  detectIncidents,
  incidentErrorRatio,
} from '../slo/detectIncidents';
import { HOUR } from '../slo/time';
import { CountsPlan, CountsSlice } from './readCounts';

/**
 * How far before a slice's end incidents stay open to the next slice: more
 * than an incident's bucket, merge gap and minimum duration together, so an
 * incident that ends earlier cannot change with what comes next.
 */
const INCIDENT_CARRY_MS = HOUR;

function floorTo(ms: number, width: number) {
  return ms - (ms % width);
}

/** A series whose minutes reach back before the kept ones. */
interface Folding {
  /** Where this run reads it from: hours from here on are read whole. */
  from: number;
  /** Minutes of an hour to fold that the next slice completes. */
  pending: MinuteCount[];
  /** The availability target; undefined: no incidents to detect. */
  target?: number;
  /** Minutes from `carryStart` on, which later incidents may still join. */
  carry: MinuteCount[];
  carryStart: number;
  /** The incidents stored from `carryStart` on; undefined when unknown. */
  stored?: string;
}

/**
 * The latest hour start at or before `cut` that splits no group of bad
 * buckets: no bad bucket before it is close enough to join one after it.
 * Incidents before it are final; detection goes on from there.
 */
function safeCut(minutes: MinuteCount[], cut: number, target: number) {
  const threshold = incidentErrorRatio(target);
  const buckets = new Map<number, { good: number; total: number }>();
  for (const m of minutes) {
    const start = floorTo(m.start, INCIDENT_BUCKET);
    const bucket = buckets.get(start) ?? { good: 0, total: 0 };
    bucket.good += m.good;
    bucket.total += m.total;
    buckets.set(start, bucket);
  }
  const bad = (start: number) => {
    const b = buckets.get(start);
    return b !== undefined && b.total - b.good > threshold * b.total;
  };
  let at = floorTo(cut, HOUR);
  for (;;) {
    let earliest: number | undefined;
    for (
      let b = at - INCIDENT_BUCKET;
      b + INCIDENT_BUCKET + INCIDENT_MERGE_GAP > at;
      b -= INCIDENT_BUCKET
    ) {
      if (bad(b)) {
        earliest = b;
      }
    }
    if (earliest === undefined) {
      return at;
    }
    at = floorTo(earliest, HOUR);
  }
}

/**
 * Stores the slices of a cycle's per-minute read. Minutes before `keepFrom`
 * (the minute retention's cutoff, an hour start) would be pruned right after
 * the cycle, so they are not stored as minute rows: the whole hours among
 * them are folded into hour rows (an hour split between slices waits for
 * the next), and incidents are detected in them here, as the summarizer
 * detects them in the kept minutes, and stored. For those series detection
 * runs on through their kept minutes too: the summarizer re-detects only
 * from a day after the first kept minute.
 *
 * The cursor of a folding series is held at the start of the hour being
 * folded and of the minutes incidents may still extend back into, so a run
 * that stops resumes where hours and incidents are whole; hours and minutes
 * written again replace themselves, incidents from there on are replaced.
 *
 * Incident detection estimates a series' traffic (for the rule on short
 * incidents) from the minutes of one slice and its carry, not from the three
 * kept days: a short incident's fate may differ in rare cases.
 */
export class MinuteSliceWriter {
  private readonly folding = new Map<number, Folding>();

  /**
   * `targets` (per series id, series without one have none) enables
   * folding; without it every minute is stored as read.
   */
  static async create(options: {
    store: AvailabilityStore;
    plans: CountsPlan[];
    series: AvailabilitySeries[];
    keepFrom: number;
    targets?: Map<number, number>;
  }): Promise<MinuteSliceWriter> {
    const writer = new MinuteSliceWriter(options.store, options.keepFrom);
    if (options.targets) {
      await writer.startFolding(options.plans, options.series, options.targets);
    }
    return writer;
  }

  private constructor(
    private readonly store: AvailabilityStore,
    private readonly keepFrom: number,
  ) {}

  /** The series whose minutes reach back before the kept ones. */
  static seriesToFold(plans: CountsPlan[], keepFrom: number): number[] {
    return plans.filter(p => p.from < keepFrom).map(p => p.seriesId);
  }

  private async startFolding(
    plans: CountsPlan[],
    series: AvailabilitySeries[],
    targets: Map<number, number>,
  ) {
    const byId = new Map(series.map(s => [s.id, s]));
    const resumed: number[] = [];
    for (const plan of plans) {
      if (plan.from >= this.keepFrom) {
        continue;
      }
      const target = targets.get(plan.seriesId);
      const fresh = byId.get(plan.seriesId)?.collectedUntil === undefined;
      this.folding.set(plan.seriesId, {
        from: plan.from,
        pending: [],
        target,
        carry: [],
        carryStart: floorTo(plan.from, INCIDENT_BUCKET),
        // A new series has no incidents yet.
        stored: fresh ? '[]' : undefined,
      });
      if (!fresh && target !== undefined) {
        resumed.push(plan.seriesId);
      }
    }
    await this.seed(resumed);
  }

  /**
   * A series collected before without folding may have an incident open at
   * its cursor, or bad minutes that a next one joins: detection starts from
   * the kept minutes before it (an hour, or back to such an incident's
   * start). A series whose folding stopped short resumes at a cursor where
   * nothing before is open, and no minutes are kept there.
   */
  private async seed(ids: number[]) {
    if (ids.length === 0) {
      return;
    }
    const froms = ids.map(id => this.folding.get(id)!.from);
    const incidents = await this.store.listIncidents(
      ids,
      new Date(Math.min(...froms) - INCIDENT_CARRY_MS),
      new Date(Math.max(...froms)),
    );
    // Series with the same range are read together: a resumed backfill's
    // cursors are mostly the same.
    const groups = new Map<string, number[]>();
    for (const id of ids) {
      const f = this.folding.get(id)!;
      const seedFrom = Math.min(
        f.from - INCIDENT_CARRY_MS,
        ...incidents
          .filter(
            i =>
              i.seriesId === id &&
              i.start.getTime() < f.from &&
              (i.end?.getTime() ?? Infinity) > f.from - INCIDENT_CARRY_MS,
          )
          .map(i => i.start.getTime()),
      );
      const key = `${seedFrom}:${f.from}`;
      groups.set(key, [...(groups.get(key) ?? []), id]);
    }
    for (const [key, group] of groups) {
      const [seedFrom, from] = key.split(':').map(Number);
      const buckets = await this.store.readBuckets(group, seedFrom, from);
      for (const id of group) {
        const f = this.folding.get(id)!;
        f.carry = (buckets.get(id) ?? [])
          .filter(b => b.minutes === 1 && b.start >= seedFrom)
          .map(({ start, good, total }) => ({ start, good, total }));
        f.carryStart = f.carry.length
          ? floorTo(f.carry[0].start, INCIDENT_BUCKET)
          : f.from;
      }
    }
  }

  /** Stores one slice; returns the rows written. */
  async write(slice: CountsSlice): Promise<number> {
    const minuteBatch: Array<{
      seriesId: number;
      minutes: MinuteCount[];
      until: Date;
    }> = [];
    const hourBatch: Array<{
      seriesId: number;
      hours: HourCount[];
      until: Date;
    }> = [];
    const incidentWrites: Array<{
      seriesId: number;
      from: number;
      incidents: DetectedIncident[];
    }> = [];
    let rows = 0;

    for (const [seriesId, counts] of slice.counts) {
      const minutes = counts.map(({ start, good, total }) => ({
        start,
        good,
        total,
      }));
      const f = this.folding.get(seriesId);
      if (!f) {
        minuteBatch.push({ seriesId, minutes, until: new Date(slice.until) });
        rows += minutes.length;
        continue;
      }

      const kept: MinuteCount[] = [];
      const hours = new Map<number, HourCount>();
      const pending: MinuteCount[] = [];
      for (const m of [...f.pending, ...minutes]) {
        const hour = floorTo(m.start, HOUR);
        if (hour < f.from || hour + HOUR > this.keepFrom) {
          kept.push(m);
        } else if (hour + HOUR > slice.until) {
          pending.push(m);
        } else {
          const sum = hours.get(hour) ?? {
            start: hour,
            good: 0,
            total: 0,
            dataMinutes: 0,
          };
          sum.good += m.good;
          sum.total += m.total;
          sum.dataMinutes += 1;
          hours.set(hour, sum);
        }
      }
      f.pending = pending;

      let until = slice.until;
      const openHour = floorTo(slice.until, HOUR);
      if (
        openHour < slice.until &&
        openHour >= f.from &&
        openHour + HOUR <= this.keepFrom
      ) {
        until = openHour;
      }

      if (f.target !== undefined) {
        const window = [...f.carry, ...minutes];
        const detected = detectIncidents(window, f.target, {
          until: slice.until,
        });
        const json = JSON.stringify(detected);
        if (json !== f.stored) {
          incidentWrites.push({
            seriesId,
            from: f.carryStart,
            incidents: detected,
          });
        }
        const horizon = slice.until - INCIDENT_CARRY_MS;
        const cut = Math.max(
          f.carryStart,
          safeCut(
            window,
            Math.min(
              horizon,
              ...detected
                .filter(i => (i.end ?? Infinity) > horizon)
                .map(i => i.start),
            ),
            f.target,
          ),
        );
        f.carryStart = cut;
        f.carry = window.filter(m => m.start >= cut);
        f.stored = JSON.stringify(detected.filter(i => i.start >= cut));
        if (cut < this.keepFrom) {
          until = Math.min(until, cut);
        }
      }

      // Hours first: a cursor past the kept minutes' start is only set
      // with them.
      hourBatch.push({
        seriesId,
        hours: [...hours.values()],
        until: new Date(Math.min(until, this.keepFrom)),
      });
      rows += hours.size;
      if (kept.length || until > this.keepFrom) {
        minuteBatch.push({ seriesId, minutes: kept, until: new Date(until) });
        rows += kept.length;
      }
    }

    // Incidents first: the cursor moves past their minutes only after.
    for (const w of incidentWrites) {
      await this.store.replaceIncidents(
        w.seriesId,
        new Date(w.from),
        w.incidents.map(i => ({
          seriesId: w.seriesId,
          start: new Date(i.start),
          ...(i.end !== undefined ? { end: new Date(i.end) } : {}),
          good: i.good,
          total: i.total,
        })),
      );
    }
    if (hourBatch.length) {
      await this.store.writeHours(hourBatch);
    }
    if (minuteBatch.length) {
      await this.store.writeMinutes(minuteBatch);
    }
    return rows;
  }
}
