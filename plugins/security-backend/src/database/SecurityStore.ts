import type { SeverityBand } from '@internal/plugin-security-common';

/**
 * One GuardDuty finding as the collector stores it. A finding is identified
 * by its account, region and id (GuardDuty ids are unique per detector).
 * Every field GuardDuty may leave out is optional: a malformed or unexpected
 * shape is stored with what it has and its raw JSON, never dropped.
 */
export interface StoredFinding {
  accountId: string;
  region: string;
  id: string;
  /** The environment it is attributed to (account, region and cluster). */
  environment: string;
  /**
   * The value of the component tag on its resource; undefined for a
   * platform finding (attributed to no component).
   */
  component?: string;
  type?: string;
  title?: string;
  description?: string;
  /** GuardDuty's severity, 0 to 10; undefined when missing or not a number. */
  severity?: number;
  band: SeverityBand;
  resourceType?: string;
  /** What a person recognises: e.g. "task 3f2c… in prod-apps". */
  resourceLabel: string;
  resourceArn?: string;
  /** service.eventFirstSeen, else createdAt. */
  firstSeen?: Date;
  /** service.eventLastSeen, else updatedAt. */
  lastSeen?: Date;
  /** GuardDuty's updatedAt: the sync's cursor. */
  updatedAt?: Date;
  /** service.count. */
  count?: number;
  archived: boolean;
  /** When a sync first found it archived (or gone from the active list). */
  archivedAt?: Date;
  /** When the owning team and SREs were notified of it; undefined: not notified. */
  notifiedAt?: Date;
  /** The finding as GetFindings returned it. */
  raw: unknown;
}

/** GuardDuty in one account and region, as the last sync found it. */
export interface StoredDetector {
  accountId: string;
  region: string;
  /** Undefined when ListDetectors found none: GuardDuty is off there. */
  detectorId?: string;
  status: 'enabled' | 'off' | 'error';
  checkedAt: Date;
  /** Why the last sync of it failed, for operators. */
  message?: string;
  /**
   * The greatest updatedAt the sync has stored every finding up to: the
   * next sync lists findings updated at or after it. Undefined before the
   * first complete sync of the detector.
   */
  cursor?: Date;
  /**
   * When a sync first finished listing every active finding of the
   * detector (its first import); undefined until then. Findings a sync
   * finds new before it are not new to anyone (they are the backlog), so
   * they are not notified.
   */
  importedAt?: Date;
  /** GetFindingsStatistics' COUNT_BY_SEVERITY of active findings, by band. */
  statistics?: Partial<Record<SeverityBand, number>>;
}

/** What a findings query selects. Every field narrows; none selects all. */
export interface FindingQuery {
  environments?: string[];
  bands?: SeverityBand[];
  /** Component tag values; with `platform` the union of both. */
  components?: string[];
  /** Include the findings attributed to no component. */
  platform?: boolean;
  type?: string;
  /** Last seen at or after. */
  lastSeenSince?: Date;
  /** Case-insensitive text in id, type, title, resource label or component. */
  text?: string;
  archived: boolean;
  offset: number;
  limit: number;
}

/** The plugin's database, as the collector and the model use it. */
export interface SecurityStore {
  /**
   * Inserts or updates findings by (accountId, region, id), keeping an
   * existing archivedAt and notifiedAt; returns the keys of those that were
   * not stored before (new findings, for notifications).
   */
  upsertFindings(
    findings: StoredFinding[],
  ): Promise<Array<{ accountId: string; region: string; id: string }>>;
  /**
   * Marks archived, at `at`, the active findings of one account and region
   * whose ids are not in `activeIds` (archived in GuardDuty, or expired).
   * Returns how many it marked.
   */
  archiveMissing(options: {
    accountId: string;
    region: string;
    activeIds: string[];
    at: Date;
  }): Promise<number>;
  /**
   * The ids of the active findings of one account and region, for the sync
   * to compare with GuardDuty's active list.
   */
  readActiveIds(options: {
    accountId: string;
    region: string;
  }): Promise<string[]>;
  markNotified(
    keys: Array<{ accountId: string; region: string; id: string }>,
    at: Date,
  ): Promise<void>;

  readDetectors(): Promise<StoredDetector[]>;
  writeDetector(detector: StoredDetector): Promise<void>;

  /** One page of findings, most severe first, then the most recently seen. */
  queryFindings(
    query: FindingQuery,
  ): Promise<{ items: StoredFinding[]; totalCount: number }>;
  /** Finds a finding by id alone (in any account and region). */
  getFinding(id: string): Promise<StoredFinding | undefined>;
  /**
   * Every finding active at some time since `since` (not archived, or
   * archived after it), without raw JSON: what counts and trends are
   * computed from.
   */
  readFindingsActiveSince(since: Date): Promise<Omit<StoredFinding, 'raw'>[]>;

  /** When the last complete sync of every detector finished. */
  readLastSync(): Promise<Date | undefined>;
  writeLastSync(at: Date): Promise<void>;
}
