import {
  Finding,
  GetFindingsCommand,
  GetFindingsCommandInput,
  GetFindingsStatisticsCommand,
  GetFindingsStatisticsCommandInput,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  ListFindingsCommandInput,
} from '@aws-sdk/client-guardduty';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { AwsTarget } from '@internal/plugin-aws-common';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import { mockClient } from 'aws-sdk-client-mock';
import { sandboxPortalConfig } from 'sandbox';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DefaultSecurityStore } from '../database/DefaultSecurityStore';
import { StoredFinding } from '../database/SecurityStore';
import { readSecurityCollectorConfig } from './readSecurityCollectorConfig';
import { syncFindings } from './syncFindings';

jest.setTimeout(60_000);

const NONPROD = '111111111111';
const PROD = '222222222222';
const T0 = Date.parse('2026-11-01T00:00:00Z');
const MINUTE = 60_000;
const NOW = new Date('2026-12-10T12:00:00Z');

const TARGETS: AwsTarget[] = [
  { accountId: NONPROD, region: 'eu-west-1' },
  { accountId: PROD, region: 'eu-west-1' },
  { accountId: PROD, region: 'eu-central-1' },
];
const key = (t: AwsTarget) => `${t.accountId}/${t.region}`;

function awsError(name: string, status: number, message = name) {
  return Object.assign(new Error(message), {
    name,
    $fault: 'client',
    $metadata: { httpStatusCode: status, attempts: 3 },
  });
}

/** A finding as GetFindings returns it, on a prod-apps task of `component` (none: untagged). */
function finding(
  id: string,
  minute: number,
  options: {
    component?: string;
    severity?: number;
    archived?: boolean;
    cluster?: string;
  } = {},
): Finding {
  const cluster = options.cluster ?? 'prod-apps';
  return {
    AccountId: PROD,
    Arn: `arn:aws:guardduty:eu-west-1:${PROD}:detector/d/finding/${id}`,
    CreatedAt: new Date(T0).toISOString(),
    Id: id,
    Region: 'eu-west-1',
    SchemaVersion: '2.0',
    Severity: options.severity ?? 5,
    Type: 'Runtime:Container/ReverseShell',
    Title: 'A container opened a reverse shell.',
    UpdatedAt: new Date(T0 + minute * MINUTE).toISOString(),
    Resource: {
      ResourceType: 'ECSCluster',
      EcsClusterDetails: {
        Name: cluster,
        TaskDetails: {
          Arn: `arn:aws:ecs:eu-west-1:${PROD}:task/${cluster}/${id}`,
          Tags: options.component
            ? [{ Key: 'shipyard:component', Value: options.component }]
            : [],
        },
      },
    },
    Service: { Archived: options.archived ?? false, Count: 1 },
  };
}

/**
 * GuardDuty as a mock: one detector per target holding `findings` (none
 * where `detectors` says null), criteria on service.archived and updatedAt,
 * sorting by updatedAt, 50 ids a page and a GetFindings call, as GuardDuty.
 * `fail` makes the n-th call of an operation (1-based) fail.
 */
class FakeGuardDuty {
  readonly mock = mockClient(GuardDutyClient);
  readonly findings = new Map<string, Finding[]>();
  readonly detectors = new Map<string, string | null>();
  readonly failures: Array<{
    operation: string;
    call: number;
    error: Error;
    target?: string;
  }> = [];
  readonly calls = new Map<string, number>();

  constructor(private readonly targetOf: (client: unknown) => AwsTarget) {
    for (const t of TARGETS) {
      this.findings.set(key(t), []);
      this.detectors.set(key(t), `detector-${t.accountId}-${t.region}`);
    }
    const handle =
      (operation: string, fn: (input: any, target: string) => unknown) =>
      (input: any, getClient: () => unknown) => {
        const target = key(this.targetOf(getClient()));
        const call = (this.calls.get(operation) ?? 0) + 1;
        this.calls.set(operation, call);
        const failure = this.failures.find(
          f =>
            f.operation === operation &&
            f.call === call &&
            (!f.target || f.target === target),
        );
        if (failure) {
          throw failure.error;
        }
        return fn(input, target);
      };
    this.mock.on(ListDetectorsCommand).callsFake(
      handle('ListDetectors', (_input, target) => {
        const id = this.detectors.get(target);
        return { DetectorIds: id ? [id] : [] };
      }),
    );
    this.mock.on(ListFindingsCommand).callsFake(
      handle('ListFindings', (input: ListFindingsCommandInput, target) => {
        const max = input.MaxResults ?? 50;
        if (max > 50) throw awsError('BadRequestException', 400);
        const criterion = input.FindingCriteria?.Criterion ?? {};
        let found = this.of(target, input.DetectorId).filter(
          f =>
            (!criterion['service.archived'] ||
              String(f.Service?.Archived ?? false) ===
                criterion['service.archived'].Equals![0]) &&
            (!criterion.updatedAt ||
              Date.parse(f.UpdatedAt!) >=
                criterion.updatedAt.GreaterThanOrEqual!),
        );
        if (input.SortCriteria?.AttributeName === 'updatedAt') {
          found = [...found].sort(
            (a, b) => Date.parse(a.UpdatedAt!) - Date.parse(b.UpdatedAt!),
          );
        }
        const start = Number(input.NextToken || 0);
        return {
          FindingIds: found.slice(start, start + max).map(f => f.Id!),
          NextToken: start + max < found.length ? String(start + max) : '',
        };
      }),
    );
    this.mock.on(GetFindingsCommand).callsFake(
      handle('GetFindings', (input: GetFindingsCommandInput, target) => {
        if (input.FindingIds!.length > 50) {
          throw awsError('BadRequestException', 400);
        }
        const all = this.of(target, input.DetectorId);
        return {
          Findings: input
            .FindingIds!.map(id => all.find(f => f.Id === id))
            .filter(Boolean),
        };
      }),
    );
    this.mock.on(GetFindingsStatisticsCommand).callsFake(
      handle(
        'GetFindingsStatistics',
        (input: GetFindingsStatisticsCommandInput, target) => {
          const counts: Record<string, number> = {};
          for (const f of this.of(target, input.DetectorId)) {
            if (!f.Service?.Archived) {
              const s = Number(f.Severity).toFixed(1);
              counts[s] = (counts[s] ?? 0) + 1;
            }
          }
          return { FindingStatistics: { CountBySeverity: counts } };
        },
      ),
    );
  }

  private of(target: string, detectorId: string | undefined): Finding[] {
    if (!detectorId || detectorId !== this.detectors.get(target)) {
      throw awsError('BadRequestException', 400, 'not your detector');
    }
    return this.findings.get(target)!;
  }

  /** The inputs of the calls of a command to prod's detector in eu-west-1. */
  inputs<T>(command: any): T[] {
    return this.mock
      .commandCalls(command)
      .map(c => c.args[0].input as T & { DetectorId?: string })
      .filter(i => i.DetectorId === `detector-${PROD}-eu-west-1`);
  }

  reset() {
    this.calls.clear();
    this.failures.splice(0);
    this.mock.resetHistory();
  }
}

describe('syncFindings', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let factory: DefaultAwsClientFactory;
  let guardDuty: FakeGuardDuty;

  afterEach(() => {
    guardDuty?.mock.restore();
    factory?.destroy();
  });

  async function setUp() {
    const config = new ConfigReader(sandboxPortalConfig());
    factory = DefaultAwsClientFactory.fromConfig(config, {
      counter: DefaultAwsCallCounter.create(),
    });
    guardDuty = new FakeGuardDuty(
      client =>
        TARGETS.find(t => factory.getClient(GuardDutyClient, t) === client)!,
    );
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
    const store = DefaultSecurityStore.create({ knex });
    const notified: StoredFinding[][] = [];
    const sync = (now = NOW) =>
      syncFindings({
        environments: DefaultShipyardEnvironments.fromConfig(config),
        clientFactory: factory,
        store,
        logger: mockServices.logger.mock(),
        config: { tagKeys: readSecurityCollectorConfig(config).tagKeys },
        onNewFindings: async findings => {
          notified.push(findings);
        },
        now: () => now,
      });
    const active = async (accountId = PROD, region = 'eu-west-1') =>
      (await store.readActiveIds({ accountId, region })).sort();
    return { store, sync, notified, active };
  }

  const prodFindings = () => guardDuty.findings.get(`${PROD}/eu-west-1`)!;
  const ids = (from: number, to: number) =>
    Array.from(
      { length: to - from },
      (_, i) => `f${String(from + i).padStart(3, '0')}`,
    );

  it('imports the active findings page by page, 50 ids a GetFindings call, without listing them twice', async () => {
    const { store, sync, notified, active } = await setUp();
    // Listed in updatedAt order, not in id order.
    prodFindings().push(
      ...ids(0, 120).map((id, i) =>
        finding(id, 120 - i, {
          component: 'checkout-api',
          severity: i % 2 ? 9.5 : 7.5,
        }),
      ),
      finding('old-archived', 500, { archived: true }),
    );

    const result = await sync();

    expect(result.failures).toEqual([]);
    expect(await active()).toEqual(ids(0, 120));
    // 3 pages (50, 50, 20), one GetFindings each, no reconcile listing.
    const lists =
      guardDuty.inputs<ListFindingsCommandInput>(ListFindingsCommand);
    expect(lists).toHaveLength(3);
    expect(guardDuty.inputs(GetFindingsCommand)).toHaveLength(3);
    expect(lists[0]).toEqual({
      DetectorId: `detector-${PROD}-eu-west-1`,
      FindingCriteria: {
        Criterion: { 'service.archived': { Equals: ['false'] } },
      },
      SortCriteria: { AttributeName: 'updatedAt', OrderBy: 'ASC' },
      MaxResults: 50,
      NextToken: undefined,
    });
    expect(lists.map(l => l.NextToken)).toEqual([undefined, '50', '100']);
    expect(
      guardDuty
        .inputs<GetFindingsCommandInput>(GetFindingsCommand)
        .map(g => g.FindingIds!.length),
    ).toEqual([50, 50, 20]);

    const detectors = await store.readDetectors();
    expect(
      detectors.find(d => d.region === 'eu-west-1' && d.accountId === PROD),
    ).toEqual({
      accountId: PROD,
      region: 'eu-west-1',
      detectorId: `detector-${PROD}-eu-west-1`,
      status: 'enabled',
      checkedAt: NOW,
      cursor: new Date(T0 + 120 * MINUTE),
      importedAt: NOW,
      statistics: { critical: 60, high: 60 },
    });
    expect(
      result.detectors.find(
        d => d.accountId === PROD && d.region === 'eu-west-1',
      ),
    ).toMatchObject({ stored: 120, created: 120, archived: 0, notified: 0 });
    // The backlog is nobody's news.
    expect(notified).toEqual([]);
    await expect(store.readLastSync()).resolves.toEqual(NOW);
  });

  it('syncs what changed from the cursor, archives what left the active list, and notifies new high and critical findings of a component', async () => {
    const { store, sync, notified, active } = await setUp();
    prodFindings().push(
      ...ids(0, 60).map((id, i) =>
        finding(id, i, { component: 'checkout-api' }),
      ),
    );
    await sync();
    guardDuty.reset();

    // f001 recurs (updated, now critical); f002 is archived in GuardDuty,
    // which leaves updatedAt alone; four new findings.
    const findings = prodFindings();
    findings[1] = finding('f001', 100, {
      component: 'checkout-api',
      severity: 9.9,
    });
    findings[2].Service = { ...findings[2].Service, Archived: true };
    findings.push(
      finding('new-high', 101, { component: 'orders-worker', severity: 8 }),
      finding('new-critical-archived', 102, {
        component: 'orders-worker',
        severity: 9.5,
        archived: true,
      }),
      finding('new-platform', 103, { severity: 9.1 }),
      finding('new-low', 104, { component: 'orders-worker', severity: 2 }),
    );
    const later = new Date(NOW.getTime() + 15 * MINUTE);
    const result = await sync(later);

    expect(result.failures).toEqual([]);
    const lists =
      guardDuty.inputs<ListFindingsCommandInput>(ListFindingsCommand);
    // From the cursor (f059's updatedAt, read again), then every active id.
    expect(lists[0].FindingCriteria).toEqual({
      Criterion: { updatedAt: { GreaterThanOrEqual: T0 + 59 * MINUTE } },
    });
    expect(lists.slice(1).map(l => l.FindingCriteria)).toEqual([
      { Criterion: { 'service.archived': { Equals: ['false'] } } },
      { Criterion: { 'service.archived': { Equals: ['false'] } } },
    ]);
    expect(
      guardDuty.inputs<GetFindingsCommandInput>(GetFindingsCommand)[0]
        .FindingIds,
    ).toEqual([
      'f059',
      'f001',
      'new-high',
      'new-critical-archived',
      'new-platform',
      'new-low',
    ]);

    expect(await active()).toEqual(
      [
        ...ids(0, 60).filter(id => id !== 'f002'),
        'new-high',
        'new-low',
        'new-platform',
      ].sort(),
    );
    const f002 = await store.getFinding('f002');
    expect(f002).toMatchObject({ archived: true, archivedAt: later });
    await expect(store.getFinding('f001')).resolves.toMatchObject({
      band: 'critical',
      severity: 9.9,
    });
    await expect(
      store.getFinding('new-critical-archived'),
    ).resolves.toMatchObject({
      archived: true,
      archivedAt: later,
    });
    expect(notified).toHaveLength(1);
    expect(notified[0].map(f => [f.id, f.component, f.band])).toEqual([
      ['new-high', 'orders-worker', 'high'],
    ]);
    expect(
      result.detectors.find(
        d => d.accountId === PROD && d.region === 'eu-west-1',
      ),
    ).toMatchObject({ stored: 6, created: 4, archived: 1, notified: 1 });
    const detector = (await store.readDetectors()).find(
      d => d.accountId === PROD && d.region === 'eu-west-1',
    );
    expect(detector).toMatchObject({
      cursor: new Date(T0 + 104 * MINUTE),
      importedAt: NOW,
      checkedAt: later,
      statistics: { medium: 58, high: 1, critical: 2, low: 1 },
    });
  });

  it('brings back a finding unarchived in GuardDuty, whose updatedAt did not change', async () => {
    const { sync, active, store } = await setUp();
    prodFindings().push(
      finding('a', 1, { component: 'checkout-api' }),
      finding('b', 2, { component: 'checkout-api' }),
    );
    await sync();
    prodFindings()[0].Service!.Archived = true;
    await sync();
    expect(await active()).toEqual(['b']);
    prodFindings()[0].Service!.Archived = false;
    await sync();
    expect(await active()).toEqual(['a', 'b']);
    await expect(store.getFinding('a')).resolves.not.toHaveProperty(
      'archivedAt',
    );
  });

  it('records GuardDuty off where there is no detector and a failure of one detector without stopping the others', async () => {
    const { store, sync, active } = await setUp();
    guardDuty.detectors.set(`${PROD}/eu-central-1`, null);
    guardDuty.findings
      .get(`${NONPROD}/eu-west-1`)!
      .push(
        finding('dev-1', 1, { component: 'catalog-api', cluster: 'dev-apps' }),
      );
    prodFindings().push(finding('p1', 1, { component: 'checkout-api' }));
    guardDuty.failures.push({
      operation: 'ListDetectors',
      call: 1,
      target: `${NONPROD}/eu-west-1`,
      error: awsError('AccessDeniedException', 403, 'not authorized'),
    });

    const result = await sync();

    expect(
      result.detectors.map(d => [d.accountId, d.region, d.status]),
    ).toEqual([
      [NONPROD, 'eu-west-1', 'error'],
      [PROD, 'eu-west-1', 'enabled'],
      [PROD, 'eu-central-1', 'off'],
    ]);
    expect(result.failures).toEqual([
      expect.stringMatching(
        /^GuardDuty sync of account 111111111111, eu-west-1 failed: .*cannot call/,
      ),
    ]);
    expect(await active()).toEqual(['p1']);
    expect(await active(NONPROD)).toEqual([]);
    const detectors = await store.readDetectors();
    expect(detectors).toEqual([
      {
        accountId: NONPROD,
        region: 'eu-west-1',
        status: 'error',
        checkedAt: NOW,
        message: expect.stringMatching(/cannot call .*grant/),
      },
      {
        accountId: PROD,
        region: 'eu-central-1',
        status: 'off',
        checkedAt: NOW,
      },
      expect.objectContaining({ accountId: PROD, status: 'enabled' }),
    ]);
    // A detector failed: the sync is not complete.
    await expect(store.readLastSync()).resolves.toBeUndefined();

    await sync();
    expect(await active(NONPROD)).toEqual(['dev-1']);
    await expect(store.getFinding('dev-1')).resolves.toMatchObject({
      environment: 'dev',
      component: 'catalog-api',
    });
    await expect(store.readLastSync()).resolves.toEqual(NOW);
  });

  it('stops a detector throttled midway with its cursor at the last stored page, and resumes there with nothing lost and the backlog not notified', async () => {
    const { store, sync, notified, active } = await setUp();
    prodFindings().push(
      ...ids(0, 130).map((id, i) =>
        finding(id, i, { component: 'checkout-api', severity: 9 }),
      ),
    );
    guardDuty.failures.push({
      operation: 'GetFindings',
      call: 2,
      target: `${PROD}/eu-west-1`,
      error: awsError('TooManyRequestsException', 429, 'Rate exceeded'),
    });

    const first = await sync();
    const prod = first.detectors.find(
      d => d.accountId === PROD && d.region === 'eu-west-1',
    )!;
    expect(prod).toMatchObject({ status: 'error', stored: 50 });
    expect(prod.message).toMatch(/throttling/);
    expect(first.failures).toEqual([
      expect.stringMatching(
        /account 222222222222, eu-west-1 failed: .*throttling/,
      ),
    ]);
    // The other detectors were synced.
    expect(first.detectors.filter(d => d.status !== 'error')).toHaveLength(2);
    expect(await active()).toEqual(ids(0, 50));
    const stopped = (await store.readDetectors()).find(
      d => d.accountId === PROD && d.region === 'eu-west-1',
    )!;
    expect(stopped).toMatchObject({
      status: 'error',
      cursor: new Date(T0 + 49 * MINUTE),
      message: expect.stringMatching(/throttling/),
    });
    expect(stopped).not.toHaveProperty('importedAt');

    guardDuty.reset();
    const second = await sync(new Date(NOW.getTime() + MINUTE));
    expect(second.failures).toEqual([]);
    expect(
      guardDuty.inputs<ListFindingsCommandInput>(ListFindingsCommand)[0]
        .FindingCriteria,
    ).toEqual({
      Criterion: { updatedAt: { GreaterThanOrEqual: T0 + 49 * MINUTE } },
    });
    expect(await active()).toEqual(ids(0, 130));
    // 81 read (the cursor's own finding again), 80 new, but the import is
    // only finishing: not news.
    expect(
      second.detectors.find(
        d => d.accountId === PROD && d.region === 'eu-west-1',
      ),
    ).toMatchObject({
      status: 'enabled',
      stored: 81,
      created: 80,
      notified: 0,
    });
    expect(notified).toEqual([]);
    const resumed = (await store.readDetectors()).find(
      d => d.accountId === PROD && d.region === 'eu-west-1',
    )!;
    expect(resumed).toMatchObject({
      status: 'enabled',
      cursor: new Date(T0 + 129 * MINUTE),
      importedAt: new Date(NOW.getTime() + MINUTE),
    });
    expect(resumed).not.toHaveProperty('message');

    // From now on a new one is news.
    prodFindings().push(
      finding('fresh', 200, { component: 'checkout-api', severity: 9 }),
    );
    await sync(new Date(NOW.getTime() + 2 * MINUTE));
    expect(notified.flat().map(f => f.id)).toEqual(['fresh']);
  });

  it('stores a malformed finding with what it has and goes on', async () => {
    const { store, sync, active } = await setUp();
    prodFindings().push(
      {
        Id: 'odd',
        Severity: 'high' as any,
        UpdatedAt: 'soon',
        Resource: 'x' as any,
      } as Finding,
      finding('fine', 1, { component: 'checkout-api' }),
    );
    const result = await sync();
    expect(result.failures).toEqual([]);
    expect(await active()).toEqual(['fine', 'odd']);
    await expect(store.getFinding('odd')).resolves.toMatchObject({
      band: 'unknown',
      resourceLabel: 'unknown resource',
      environment: 'prod',
      raw: { Id: 'odd', Severity: 'high', UpdatedAt: 'soon', Resource: 'x' },
    });
  });

  it('names a failed notification in the result and keeps syncing', async () => {
    const { sync, store } = await setUp();
    prodFindings().push(finding('a', 1, { component: 'checkout-api' }));
    await sync();
    prodFindings().push(
      finding('b', 2, { component: 'checkout-api', severity: 8 }),
    );
    const config = new ConfigReader(sandboxPortalConfig());
    const result = await syncFindings({
      environments: DefaultShipyardEnvironments.fromConfig(config),
      clientFactory: factory,
      store,
      logger: mockServices.logger.mock(),
      config: { tagKeys: readSecurityCollectorConfig(config).tagKeys },
      onNewFindings: async () => {
        throw new Error('notifications are down');
      },
      now: () => NOW,
    });
    expect(result.failures).toEqual([
      expect.stringMatching(
        /Notifying new findings in account 222222222222, eu-west-1 failed: .*notifications are down/,
      ),
    ]);
    expect(result.detectors.every(d => d.status !== 'error')).toBe(true);
    await expect(store.getFinding('b')).resolves.toMatchObject({
      band: 'high',
    });
  });
});
