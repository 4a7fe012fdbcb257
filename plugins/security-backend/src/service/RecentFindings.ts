import {
  SecurityStore,
  StoredDetector,
  StoredFinding,
} from '../database/SecurityStore';

const DAY_MS = 86_400_000;

/** The longest trend (days): what one read of recent findings covers. */
export const RECENT_DAYS = 90;

/** What every view of the portfolio is computed from. */
export interface RecentFindingsSnapshot {
  /** Every finding active at some time in the last {@link RECENT_DAYS} days, without raw JSON. */
  findings: ReadonlyArray<Omit<StoredFinding, 'raw'>>;
  detectors: StoredDetector[];
  lastSync?: Date;
  /**
   * Changes whenever the stored data may have: a new read of the findings,
   * or a move of the sync state (detectors, last sync). What is computed
   * from the store can be kept as long as it stays (ViewCache).
   */
  generation: string;
}

interface Entry {
  key: string;
  loadedAt: number;
  sequence: number;
  findings: Promise<ReadonlyArray<Omit<StoredFinding, 'raw'>>>;
}

/**
 * The recent findings, read once and shared by every caller (who may see
 * which is decided afterwards, per caller) until the collector changes
 * them: every view reads the detectors and the last sync (a few rows) and
 * reads the findings again only when a detector's state or the last sync
 * moved (the collector writes its detector after every stored page), but
 * not sooner than `minAgeMs` after the last read (a first import moves it
 * every page) and not later than `maxAgeMs`. At 10,000 findings a read is
 * hundreds of milliseconds that every reader would otherwise pay. Callers
 * that miss together share one read; a failed read is not kept. The
 * database stays the source of truth: another replica's sync shows here on
 * the next view.
 */
export class RecentFindings {
  private entry?: Entry;
  private reads = 0;

  static create(options: {
    store: SecurityStore;
    minAgeMs: number;
    maxAgeMs: number;
  }): RecentFindings {
    return new RecentFindings(options);
  }

  private constructor(
    private readonly options: {
      store: SecurityStore;
      minAgeMs: number;
      maxAgeMs: number;
    },
  ) {}

  async read(): Promise<RecentFindingsSnapshot> {
    const { store, minAgeMs, maxAgeMs } = this.options;
    const [detectors, lastSync] = await Promise.all([
      store.readDetectors(),
      store.readLastSync(),
    ]);
    const key = JSON.stringify([
      lastSync?.getTime(),
      detectors.map(d => [
        d.accountId,
        d.region,
        d.status,
        d.checkedAt.getTime(),
        d.cursor?.getTime(),
      ]),
    ]);
    const now = Date.now();
    let entry = this.entry;
    const age = entry ? now - entry.loadedAt : Infinity;
    if (age >= maxAgeMs || (entry?.key !== key && age >= minAgeMs)) {
      this.reads += 1;
      const created: Entry = {
        key,
        loadedAt: now,
        sequence: this.reads,
        findings: store.readFindingsActiveSince(
          new Date(now - RECENT_DAYS * DAY_MS),
        ),
      };
      entry = created;
      this.entry = created;
      created.findings.catch(() => {
        if (this.entry === created) {
          this.entry = undefined;
        }
      });
    }
    const current = entry!;
    return {
      findings: await current.findings,
      detectors,
      ...(lastSync ? { lastSync } : {}),
      generation: `${current.sequence}\n${key}`,
    };
  }
}
