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
}

interface Entry {
  key: string;
  loadedAt: number;
  findings: Promise<ReadonlyArray<Omit<StoredFinding, 'raw'>>>;
}

/**
 * The recent findings, read once and shared by every caller (who may see
 * which is decided afterwards, per caller) until the collector changes
 * them: every view reads the detectors and the last sync (a few rows) and
 * reads the findings again only when a detector's state or the last sync
 * moved (the collector writes its detector after every stored page), or
 * after `maxAgeMs` at most. At 10,000 findings a read is tens of
 * milliseconds that 50 readers would each pay. Callers that miss together
 * share one read; a failed read is not kept. The database stays the source
 * of truth: another replica's sync shows here on the next view.
 */
export class RecentFindings {
  private entry?: Entry;

  static create(options: {
    store: SecurityStore;
    maxAgeMs: number;
  }): RecentFindings {
    return new RecentFindings(options);
  }

  private constructor(
    private readonly options: { store: SecurityStore; maxAgeMs: number },
  ) {}

  async read(): Promise<RecentFindingsSnapshot> {
    const { store, maxAgeMs } = this.options;
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
    if (!entry || entry.key !== key || now - entry.loadedAt >= maxAgeMs) {
      const created: Entry = {
        key,
        loadedAt: now,
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
    return {
      findings: await entry.findings,
      detectors,
      ...(lastSync ? { lastSync } : {}),
    };
  }
}
