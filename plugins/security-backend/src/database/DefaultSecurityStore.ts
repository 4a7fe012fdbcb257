import { chunk } from '@internal/plugin-aws-node';
import { SeverityBand, severityBands } from '@internal/plugin-security-common';
import { Knex } from 'knex';
import {
  FindingQuery,
  SecurityStore,
  StoredDetector,
  StoredFinding,
} from './SecurityStore';

/**
 * Findings per multi-row insert: 100 rows of 23 columns stay far below both
 * databases' bound-parameter limits and SQLite's 500-term compound SELECT.
 */
const ROWS_PER_STATEMENT = 100;
/** Values per `IN (...)`. */
const VALUES_PER_STATEMENT = 500;
const LAST_SYNC_KEY = 'last_sync';

type FindingKey = { accountId: string; region: string; id: string };

type FindingRow = {
  account_id: string;
  region: string;
  id: string;
  environment: string;
  component: string | null;
  type: string | null;
  title: string | null;
  description: string | null;
  severity: number | string | null;
  band: string;
  band_rank: number;
  resource_type: string | null;
  resource_label: string;
  resource_arn: string | null;
  first_seen: number | string | null;
  last_seen: number | string | null;
  updated_at: number | string | null;
  count: number | string | null;
  archived: boolean | number;
  archived_at: number | string | null;
  notified_at: number | string | null;
  search_text: string;
  raw: string;
};

type DetectorRow = {
  account_id: string;
  region: string;
  detector_id: string | null;
  status: string;
  checked_at: number | string;
  message: string | null;
  cursor: number | string | null;
  imported_at: number | string | null;
  statistics: string | null;
};

/** Every column but the raw JSON: what counts and trends read. */
const SUMMARY_COLUMNS = [
  'account_id',
  'region',
  'id',
  'environment',
  'component',
  'type',
  'title',
  'description',
  'severity',
  'band',
  'resource_type',
  'resource_label',
  'resource_arn',
  'first_seen',
  'last_seen',
  'updated_at',
  'count',
  'archived',
  'archived_at',
  'notified_at',
] as const;

function optional<K extends string, V>(
  key: K,
  value: V | null | undefined,
): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as {
    [P in K]?: V;
  };
}

function toMillis(date: Date | undefined): number | null {
  return date === undefined ? null : date.getTime();
}

function toDate(value: number | string | null): Date | undefined {
  return value === null ? undefined : new Date(Number(value));
}

function toNumber(value: number | string | null): number | undefined {
  return value === null ? undefined : Number(value);
}

function bandRank(band: SeverityBand): number {
  const rank = severityBands.indexOf(band);
  return rank === -1 ? severityBands.length : rank;
}

/** LIKE's wildcards taken literally, `\` being the escape character. */
function likePattern(text: string): string {
  return `%${text
    .toLocaleLowerCase('en-US')
    .replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

function searchText(finding: StoredFinding): string {
  return [
    finding.id,
    finding.type,
    finding.title,
    finding.resourceLabel,
    finding.component,
  ]
    .filter(Boolean)
    .join('\n')
    .toLocaleLowerCase('en-US');
}

function toRow(finding: StoredFinding): FindingRow {
  return {
    account_id: finding.accountId,
    region: finding.region,
    id: finding.id,
    environment: finding.environment,
    component: finding.component ?? null,
    type: finding.type ?? null,
    title: finding.title ?? null,
    description: finding.description ?? null,
    severity: finding.severity ?? null,
    band: finding.band,
    band_rank: bandRank(finding.band),
    resource_type: finding.resourceType ?? null,
    resource_label: finding.resourceLabel,
    resource_arn: finding.resourceArn ?? null,
    first_seen: toMillis(finding.firstSeen),
    last_seen: toMillis(finding.lastSeen),
    updated_at: toMillis(finding.updatedAt),
    count: finding.count ?? null,
    archived: finding.archived,
    archived_at: finding.archived
      ? toMillis(finding.archivedAt ?? finding.updatedAt ?? new Date())
      : null,
    notified_at: toMillis(finding.notifiedAt),
    search_text: searchText(finding),
    raw: JSON.stringify(finding.raw ?? null),
  };
}

function toSummary(
  row: Omit<FindingRow, 'raw' | 'search_text' | 'band_rank'>,
): Omit<StoredFinding, 'raw'> {
  return {
    accountId: row.account_id,
    region: row.region,
    id: row.id,
    environment: row.environment,
    ...optional('component', row.component),
    ...optional('type', row.type),
    ...optional('title', row.title),
    ...optional('description', row.description),
    ...optional('severity', toNumber(row.severity)),
    band: row.band as SeverityBand,
    ...optional('resourceType', row.resource_type),
    resourceLabel: row.resource_label,
    ...optional('resourceArn', row.resource_arn),
    ...optional('firstSeen', toDate(row.first_seen)),
    ...optional('lastSeen', toDate(row.last_seen)),
    ...optional('updatedAt', toDate(row.updated_at)),
    ...optional('count', toNumber(row.count)),
    archived: Boolean(row.archived),
    ...optional('archivedAt', toDate(row.archived_at)),
    ...optional('notifiedAt', toDate(row.notified_at)),
  };
}

function toFinding(row: FindingRow): StoredFinding {
  return { ...toSummary(row), raw: JSON.parse(row.raw) };
}

function toDetector(row: DetectorRow): StoredDetector {
  return {
    accountId: row.account_id,
    region: row.region,
    ...optional('detectorId', row.detector_id),
    status: row.status as StoredDetector['status'],
    checkedAt: new Date(Number(row.checked_at)),
    ...optional('message', row.message),
    ...optional('cursor', toDate(row.cursor)),
    ...optional('importedAt', toDate(row.imported_at)),
    ...optional(
      'statistics',
      row.statistics === null
        ? undefined
        : (JSON.parse(row.statistics) as StoredDetector['statistics']),
    ),
  };
}

/** The keys grouped by account and region, in first-seen order. */
function byDetector(keys: FindingKey[]) {
  const groups = new Map<
    string,
    { accountId: string; region: string; ids: string[] }
  >();
  for (const key of keys) {
    const name = `${key.accountId}/${key.region}`;
    let group = groups.get(name);
    if (!group) {
      group = { accountId: key.accountId, region: key.region, ids: [] };
      groups.set(name, group);
    }
    group.ids.push(key.id);
  }
  return [...groups.values()];
}

/**
 * `column IN (...)` for any number of values, as ORed slices, so that no
 * list outgrows what a database accepts in one `IN`.
 */
function whereIn(
  builder: Knex.QueryBuilder,
  column: string,
  values: readonly string[],
) {
  if (values.length === 0) {
    return builder.whereRaw('1 = 0');
  }
  return builder.where(inner => {
    for (const slice of chunk(values, VALUES_PER_STATEMENT)) {
      inner.orWhereIn(column, slice);
    }
  });
}

/** The knex implementation of {@link SecurityStore}, on SQLite and PostgreSQL. */
export class DefaultSecurityStore implements SecurityStore {
  static create(options: { knex: Knex }): DefaultSecurityStore {
    return new DefaultSecurityStore(options.knex);
  }

  private constructor(private readonly knex: Knex) {}

  /**
   * A finding that comes back active (unarchived in GuardDuty) loses its
   * archivedAt; one that stays archived keeps the first. notifiedAt is
   * never cleared, so that nobody is notified twice of one finding.
   */
  async upsertFindings(findings: StoredFinding[]): Promise<FindingKey[]> {
    if (findings.length === 0) {
      return [];
    }
    // The last of duplicates wins, as it would in GuardDuty's order.
    const unique = new Map<string, StoredFinding>();
    for (const f of findings) {
      unique.set(`${f.accountId}/${f.region}/${f.id}`, f);
    }
    const rows = [...unique.values()].map(toRow);
    return this.knex.transaction(async tx => {
      const existing = new Set<string>();
      for (const group of byDetector(
        rows.map(r => ({
          accountId: r.account_id,
          region: r.region,
          id: r.id,
        })),
      )) {
        for (const ids of chunk(group.ids, VALUES_PER_STATEMENT)) {
          const found = await tx('findings')
            .where({ account_id: group.accountId, region: group.region })
            .whereIn('id', ids)
            .select<Array<{ id: string }>>('id');
          for (const { id } of found) {
            existing.add(`${group.accountId}/${group.region}/${id}`);
          }
        }
      }
      for (const batch of chunk(rows, ROWS_PER_STATEMENT)) {
        await tx('findings')
          .insert(batch)
          .onConflict(['account_id', 'region', 'id'])
          .merge({
            environment: tx.ref('excluded.environment'),
            component: tx.ref('excluded.component'),
            type: tx.ref('excluded.type'),
            title: tx.ref('excluded.title'),
            description: tx.ref('excluded.description'),
            severity: tx.ref('excluded.severity'),
            band: tx.ref('excluded.band'),
            band_rank: tx.ref('excluded.band_rank'),
            resource_type: tx.ref('excluded.resource_type'),
            resource_label: tx.ref('excluded.resource_label'),
            resource_arn: tx.ref('excluded.resource_arn'),
            first_seen: tx.ref('excluded.first_seen'),
            last_seen: tx.ref('excluded.last_seen'),
            updated_at: tx.ref('excluded.updated_at'),
            count: tx.ref('excluded.count'),
            archived: tx.ref('excluded.archived'),
            archived_at: tx.raw(
              'CASE WHEN excluded.archived_at IS NULL THEN NULL ELSE COALESCE(findings.archived_at, excluded.archived_at) END',
            ),
            notified_at: tx.raw(
              'COALESCE(findings.notified_at, excluded.notified_at)',
            ),
            search_text: tx.ref('excluded.search_text'),
            raw: tx.ref('excluded.raw'),
          } as any);
      }
      return rows
        .filter(r => !existing.has(`${r.account_id}/${r.region}/${r.id}`))
        .map(r => ({ accountId: r.account_id, region: r.region, id: r.id }));
    });
  }

  async archiveMissing(options: {
    accountId: string;
    region: string;
    activeIds: string[];
    at: Date;
  }): Promise<number> {
    const { accountId, region, at } = options;
    const active = new Set(options.activeIds);
    return this.knex.transaction(async tx => {
      // The difference is taken here rather than with `NOT IN (...)`: a
      // detector's active ids can be more than a statement may bind.
      const stored = await tx('findings')
        .where({ account_id: accountId, region, archived: false })
        .select<Array<{ id: string }>>('id');
      const gone = stored.map(r => r.id).filter(id => !active.has(id));
      for (const ids of chunk(gone, VALUES_PER_STATEMENT)) {
        await tx('findings')
          .where({ account_id: accountId, region, archived: false })
          .whereIn('id', ids)
          .update({ archived: true, archived_at: at.getTime() });
      }
      return gone.length;
    });
  }

  async readActiveIds(options: {
    accountId: string;
    region: string;
  }): Promise<string[]> {
    const rows = await this.knex('findings')
      .where({
        account_id: options.accountId,
        region: options.region,
        archived: false,
      })
      .orderBy('id')
      .select<Array<{ id: string }>>('id');
    return rows.map(r => r.id);
  }

  async markNotified(keys: FindingKey[], at: Date): Promise<void> {
    for (const group of byDetector(keys)) {
      for (const ids of chunk(group.ids, VALUES_PER_STATEMENT)) {
        await this.knex('findings')
          .where({ account_id: group.accountId, region: group.region })
          .whereIn('id', ids)
          .update({ notified_at: at.getTime() });
      }
    }
  }

  async readDetectors(): Promise<StoredDetector[]> {
    const rows = await this.knex<DetectorRow>('detectors')
      .select()
      .orderBy(['account_id', 'region']);
    return rows.map(toDetector);
  }

  async writeDetector(detector: StoredDetector): Promise<void> {
    const row: DetectorRow = {
      account_id: detector.accountId,
      region: detector.region,
      detector_id: detector.detectorId ?? null,
      status: detector.status,
      checked_at: detector.checkedAt.getTime(),
      message: detector.message ?? null,
      cursor: toMillis(detector.cursor),
      imported_at: toMillis(detector.importedAt),
      statistics:
        detector.statistics === undefined
          ? null
          : JSON.stringify(detector.statistics),
    };
    await this.knex('detectors')
      .insert(row)
      .onConflict(['account_id', 'region'])
      .merge();
  }

  async queryFindings(
    query: FindingQuery,
  ): Promise<{ items: StoredFinding[]; totalCount: number }> {
    const filtered = () => {
      const builder = this.knex<FindingRow>('findings').where(
        'archived',
        query.archived,
      );
      if (query.environments) {
        whereIn(builder, 'environment', query.environments);
      }
      if (query.bands) {
        whereIn(builder, 'band', query.bands);
      }
      const { components, platform } = query;
      if (components !== undefined) {
        builder.where(inner => {
          for (const slice of chunk(components, VALUES_PER_STATEMENT)) {
            inner.orWhereIn('component', slice);
          }
          if (platform) {
            inner.orWhereNull('component');
          }
          // No component and no platform: nothing matches.
          if (components.length === 0 && !platform) {
            inner.whereRaw('1 = 0');
          }
        });
      } else if (platform !== undefined) {
        if (platform) {
          builder.whereNull('component');
        } else {
          builder.whereNotNull('component');
        }
      }
      if (query.type !== undefined) {
        builder.where('type', query.type);
      }
      if (query.lastSeenSince) {
        builder.where('last_seen', '>=', query.lastSeenSince.getTime());
      }
      if (query.text) {
        builder.whereRaw('search_text LIKE ? ESCAPE ?', [
          likePattern(query.text),
          '\\',
        ]);
      }
      return builder;
    };

    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select()
        .orderBy('band_rank', 'asc')
        // Never seen last on both databases (knex's `nulls` option drops the
        // column itself on SQLite).
        .orderByRaw('last_seen IS NULL')
        .orderBy([
          { column: 'last_seen', order: 'desc' },
          { column: 'account_id', order: 'asc' },
          { column: 'region', order: 'asc' },
          { column: 'id', order: 'asc' },
        ])
        .offset(query.offset)
        .limit(query.limit),
      filtered().count<Array<{ count: number | string }>>({ count: '*' }),
    ]);
    return { items: rows.map(toFinding), totalCount: Number(count) };
  }

  async getFinding(id: string): Promise<StoredFinding | undefined> {
    // GuardDuty ids are unique per detector, hardly across them; should two
    // detectors share one, the first by account and region answers.
    const row = await this.knex<FindingRow>('findings')
      .where('id', id)
      .orderBy(['account_id', 'region'])
      .first();
    return row ? toFinding(row) : undefined;
  }

  async readFindingsActiveSince(
    since: Date,
  ): Promise<Omit<StoredFinding, 'raw'>[]> {
    const rows = await this.knex('findings')
      .where('archived', false)
      .orWhere('archived_at', '>=', since.getTime())
      .select<Array<Omit<FindingRow, 'raw' | 'search_text' | 'band_rank'>>>(
        SUMMARY_COLUMNS,
      );
    return rows.map(toSummary);
  }

  async readLastSync(): Promise<Date | undefined> {
    const row = await this.knex('sync_state')
      .where('key', LAST_SYNC_KEY)
      .first<{ synced_at: number | string } | undefined>('synced_at');
    return row ? new Date(Number(row.synced_at)) : undefined;
  }

  async writeLastSync(at: Date): Promise<void> {
    await this.knex('sync_state')
      .insert({ key: LAST_SYNC_KEY, synced_at: at.getTime() })
      .onConflict('key')
      .merge();
  }
}
