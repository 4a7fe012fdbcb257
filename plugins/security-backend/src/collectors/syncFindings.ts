import {
  FindingCriteria,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
} from '@aws-sdk/client-guardduty';
import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { AwsTarget, ShipyardEnvironment } from '@internal/plugin-aws-common';
import {
  AWS_LIMITS,
  AwsClientFactory,
  ShipyardEnvironments,
  chunk,
  mapAwsError,
} from '@internal/plugin-aws-node';
import { SeverityBand, severityBand } from '@internal/plugin-security-common';
import {
  SecurityStore,
  StoredDetector,
  StoredFinding,
} from '../database/SecurityStore';
import { AttributedFinding, attributeFinding } from './attributeFinding';
import { SecurityCollectorConfig } from './readSecurityCollectorConfig';

/** GuardDuty's criterion for the findings not archived. */
const ACTIVE: FindingCriteria = {
  Criterion: { 'service.archived': { Equals: ['false'] } },
};

/** What one sync did in one account and region. */
export interface DetectorSync {
  accountId: string;
  region: string;
  status: StoredDetector['status'];
  detectorId?: string;
  /** Findings read with GetFindings and stored. */
  stored: number;
  /** Of those, the findings not stored before. */
  created: number;
  /** Active findings the sync marked archived (archived in GuardDuty, or gone). */
  archived: number;
  /** New high or critical findings of a component handed to onNewFindings. */
  notified: number;
  /** Why it failed (status `error`). */
  message?: string;
}

/** What one sync of every detector did. */
export interface FindingsSync {
  detectors: DetectorSync[];
  /** What failed: a detector's sync (by account and region), or a notification. */
  failures: string[];
}

/**
 * Every (account, region) of the configured environments once, with the
 * environments that list it (dev and staging may share one): GuardDuty has
 * one detector per account and region, whatever the environments.
 */
function detectorTargets(environments: ShipyardEnvironment[]) {
  const targets = new Map<
    string,
    AwsTarget & { environments: ShipyardEnvironment[] }
  >();
  for (const environment of environments) {
    for (const account of environment.accounts) {
      for (const region of account.regions) {
        const key = `${account.accountId}/${region}`;
        const target = targets.get(key) ?? {
          accountId: account.accountId,
          region,
          environments: [],
        };
        target.environments.push(environment);
        targets.set(key, target);
      }
    }
  }
  return [...targets.values()];
}

/** COUNT_BY_SEVERITY's counts (keyed by severity, e.g. "8.2") by band. */
function countsByBand(
  countBySeverity: Record<string, number> | undefined,
): Partial<Record<SeverityBand, number>> {
  const counts: Partial<Record<SeverityBand, number>> = {};
  for (const [severity, count] of Object.entries(countBySeverity ?? {})) {
    const band = severityBand(Number(severity));
    counts[band] = (counts[band] ?? 0) + count;
  }
  return counts;
}

function isNotifiable(finding: AttributedFinding): boolean {
  return (
    !finding.archived &&
    finding.component !== undefined &&
    (finding.band === 'high' || finding.band === 'critical')
  );
}

/**
 * One sync of GuardDuty into the store, for every account and region of the
 * configured environments in turn:
 *
 * 1. ListDetectors: none means GuardDuty is off there (stored as `off`, its
 *    stored findings leave the active list).
 * 2. ListFindings, 50 ids a page sorted by updatedAt ascending: the active
 *    findings on the detector's first sync, then those updated at or after
 *    its cursor; each page's GetFindings (50 ids a call) attributed, stored,
 *    and the cursor advanced to the page's latest updatedAt, so that a sync
 *    stopped midway resumes there and loses nothing (`gte` reads the
 *    cursor's own instant again; storing is idempotent).
 * 3. Reconcile with GuardDuty's active list (every page of ids; the first
 *    sync's own listing serves): what the store lacks is fetched and
 *    stored, what GuardDuty no longer lists active is marked archived.
 *    ArchiveFindings and UnarchiveFindings leave updatedAt alone, so the
 *    cursor never sees them.
 * 4. GetFindingsStatistics COUNT_BY_SEVERITY of the active findings, stored
 *    on the detector.
 *
 * A failure (access denied, throttling after the SDK's retries, an outage)
 * stops that detector's sync, recorded as status `error` with the reason
 * and its cursor as far as it got; the others go on, and the result names
 * it. New high or critical findings of a component are handed to
 * `onNewFindings` page by page, once the detector's first import is done
 * (the backlog found by it is nobody's news).
 */
export async function syncFindings(deps: {
  environments: ShipyardEnvironments;
  clientFactory: AwsClientFactory;
  store: SecurityStore;
  logger: LoggerService;
  config: Pick<SecurityCollectorConfig, 'tagKeys'>;
  /** New high or critical findings attributed to a component, after the first import. */
  onNewFindings?: (findings: StoredFinding[]) => Promise<void>;
  signal?: AbortSignal;
  /** The clock. */
  now?: () => Date;
}): Promise<FindingsSync> {
  const { store, logger, signal } = deps;
  const clock = deps.now ?? (() => new Date());
  const previous = new Map(
    (await store.readDetectors()).map(d => [`${d.accountId}/${d.region}`, d]),
  );
  const detectors: DetectorSync[] = [];
  const failures: string[] = [];

  for (const target of detectorTargets(deps.environments.list())) {
    signal?.throwIfAborted();
    const where = `account ${target.accountId}, ${target.region}`;
    const sync = await syncDetector({
      ...deps,
      target,
      previous: previous.get(`${target.accountId}/${target.region}`),
      now: clock(),
      onNotifyFailure: error => {
        const message = `Notifying new findings in ${where} failed: ${stringifyError(
          error,
        )}`;
        failures.push(message);
        logger.error(message);
      },
    });
    detectors.push(sync);
    if (sync.status === 'error') {
      failures.push(`GuardDuty sync of ${where} failed: ${sync.message}`);
    }
  }

  if (!detectors.some(d => d.status === 'error')) {
    await store.writeLastSync(clock());
  }
  return { detectors, failures };
}

async function syncDetector(options: {
  clientFactory: AwsClientFactory;
  store: SecurityStore;
  logger: LoggerService;
  config: Pick<SecurityCollectorConfig, 'tagKeys'>;
  onNewFindings?: (findings: StoredFinding[]) => Promise<void>;
  onNotifyFailure: (error: unknown) => void;
  signal?: AbortSignal;
  target: AwsTarget & { environments: ShipyardEnvironment[] };
  previous?: StoredDetector;
  now: Date;
}): Promise<DetectorSync> {
  const { store, logger, signal, target, now } = options;
  const { accountId, region } = target;
  const client = options.clientFactory.getClient(GuardDutyClient, target);
  const call = { abortSignal: signal };
  const result: DetectorSync = {
    accountId,
    region,
    status: 'enabled',
    stored: 0,
    created: 0,
    archived: 0,
    notified: 0,
  };
  let detectorId: string | undefined;
  // What the detector row holds as the sync goes: its cursor moves page by page.
  let cursor: Date | undefined;
  let importedAt: Date | undefined;
  let statistics: StoredDetector['statistics'];
  // Whether the detector's first import was done before this sync began:
  // only then is a finding new to the store news to its owners.
  let imported = false;

  const writeProgress = (status: StoredDetector['status'], message?: string) =>
    store.writeDetector({
      accountId,
      region,
      ...(detectorId && { detectorId }),
      status,
      checkedAt: now,
      ...(message && { message }),
      ...(cursor && { cursor }),
      ...(importedAt && { importedAt }),
      ...(statistics && { statistics }),
    });

  /** GetFindings for these ids, 50 a call, attributed; stored, and the new ones notified. */
  const fetchAndStore = async (ids: string[]) => {
    const findings: AttributedFinding[] = [];
    for (const batch of chunk(ids, AWS_LIMITS.guardDutyGetFindingsIds)) {
      const output = await client.send(
        new GetFindingsCommand({ DetectorId: detectorId, FindingIds: batch }),
        call,
      );
      for (const raw of output.Findings ?? []) {
        const finding = attributeFinding(raw, {
          accountId,
          region,
          environments: target.environments,
          tagKeys: options.config.tagKeys,
        });
        if (finding) {
          findings.push(finding);
        } else {
          logger.warn(
            `GuardDuty returned a finding without an id in account ${accountId}, ${region}; it cannot be stored`,
          );
        }
      }
    }
    const stored = findings.map(f =>
      f.archived ? { ...f, archivedAt: now } : f,
    );
    const created = await store.upsertFindings(stored);
    result.stored += stored.length;
    result.created += created.length;
    const isNew = new Set(created.map(k => k.id));
    const news = stored.filter(f => isNew.has(f.id) && isNotifiable(f));
    if (imported && news.length && options.onNewFindings) {
      try {
        await options.onNewFindings(news);
        result.notified += news.length;
      } catch (error) {
        options.onNotifyFailure(error);
      }
    }
    return findings;
  };

  try {
    const listed = await client.send(new ListDetectorsCommand({}), call);
    detectorId = listed.DetectorIds?.[0];
    if (!detectorId) {
      // GuardDuty off (or turned off: its findings went with the detector).
      result.status = 'off';
      result.archived = await store.archiveMissing({
        accountId,
        region,
        activeIds: [],
        at: now,
      });
      await writeProgress('off');
      return result;
    }
    result.detectorId = detectorId;
    // A new detector (GuardDuty turned off and on again) starts over.
    if (options.previous?.detectorId === detectorId) {
      cursor = options.previous.cursor;
      importedAt = options.previous.importedAt;
      statistics = options.previous.statistics;
    }
    imported = importedAt !== undefined;

    const firstSync = cursor === undefined;
    const criteria: FindingCriteria = firstSync
      ? ACTIVE
      : {
          Criterion: {
            updatedAt: { GreaterThanOrEqual: cursor!.getTime() },
          },
        };
    const listedIds = new Set<string>();
    let nextToken: string | undefined;
    do {
      signal?.throwIfAborted();
      const page = await client.send(
        new ListFindingsCommand({
          DetectorId: detectorId,
          FindingCriteria: criteria,
          SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'ASC' },
          MaxResults: AWS_LIMITS.guardDutyListFindingsPage,
          NextToken: nextToken,
        }),
        call,
      );
      const ids = page.FindingIds ?? [];
      ids.forEach(id => listedIds.add(id));
      const findings = await fetchAndStore(ids);
      for (const f of findings) {
        if (f.updatedAt && (!cursor || f.updatedAt > cursor)) {
          cursor = f.updatedAt;
        }
      }
      await writeProgress('enabled');
      // GuardDuty answers an empty token on the last page.
      nextToken = page.NextToken || undefined;
    } while (nextToken);
    // Every finding up to the cursor is stored: the import is done.
    importedAt ??= now;

    let activeIds: string[];
    if (firstSync) {
      activeIds = [...listedIds];
    } else {
      activeIds = [];
      let token: string | undefined;
      do {
        signal?.throwIfAborted();
        const page = await client.send(
          new ListFindingsCommand({
            DetectorId: detectorId,
            FindingCriteria: ACTIVE,
            MaxResults: AWS_LIMITS.guardDutyListFindingsPage,
            NextToken: token,
          }),
          call,
        );
        activeIds.push(...(page.FindingIds ?? []));
        token = page.NextToken || undefined;
      } while (token);
    }
    const storedActive = new Set(
      await store.readActiveIds({ accountId, region }),
    );
    const missing = activeIds.filter(
      id => !storedActive.has(id) && !listedIds.has(id),
    );
    if (missing.length) {
      await fetchAndStore(missing);
    }
    result.archived = await store.archiveMissing({
      accountId,
      region,
      activeIds,
      at: now,
    });

    const counts = await client.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        FindingStatisticTypes: ['COUNT_BY_SEVERITY'],
        FindingCriteria: ACTIVE,
      }),
      call,
    );
    statistics = countsByBand(counts.FindingStatistics?.CountBySeverity);
    await writeProgress('enabled');
    return result;
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    const message = stringifyError(mapAwsError(error, { accountId, region }));
    result.status = 'error';
    result.message = message;
    logger.warn(
      `GuardDuty sync of account ${accountId}, ${region} stopped; what was stored stays and the next sync resumes from its cursor. ${message}`,
    );
    try {
      await writeProgress('error', message);
    } catch (writeError) {
      logger.error(
        `Could not record the failed GuardDuty sync of account ${accountId}, ${region}: ${stringifyError(
          writeError,
        )}`,
      );
    }
    return result;
  }
}
