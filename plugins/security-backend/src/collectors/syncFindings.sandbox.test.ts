import {
  ArchiveFindingsCommand,
  GetFindingsStatisticsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  paginateListFindings,
} from '@aws-sdk/client-guardduty';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import { SeverityBand, severityBand } from '@internal/plugin-security-common';
import {
  createSandboxServer,
  sandboxClientConfig,
  sandboxPortalConfig,
  SandboxServer,
  SecurityFinding,
} from 'sandbox';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DefaultSecurityStore } from '../database/DefaultSecurityStore';
import { SecurityStore } from '../database/SecurityStore';
import { readSecurityCollectorConfig } from './readSecurityCollectorConfig';
import { syncFindings } from './syncFindings';

jest.setTimeout(180_000);

const NOW = new Date();
const NONPROD = '111111111111';
const PROD = '222222222222';
const DETECTORS = [
  { accountId: NONPROD, region: 'eu-west-1' },
  { accountId: PROD, region: 'eu-west-1' },
];
const ACTIVE = { Criterion: { 'service.archived': { Equals: ['false'] } } };

describe('syncFindings against the sandbox', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const closers: Array<() => Promise<void> | void> = [];

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) {
      await close();
    }
  });

  async function setUp(options: { findingsScale?: number } = {}) {
    const server = await createSandboxServer({
      port: 0,
      now: () => NOW,
      findingsScale: options.findingsScale,
    });
    closers.push(() => server.close());
    const config = new ConfigReader(
      sandboxPortalConfig(server, { maxAttempts: 2 }),
    );
    const factory = DefaultAwsClientFactory.fromConfig(config, {
      counter: DefaultAwsCallCounter.create(),
    });
    closers.push(() => factory.destroy());
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
    const store = DefaultSecurityStore.create({ knex });
    const sync = (on: SecurityStore = store) =>
      syncFindings({
        environments: DefaultShipyardEnvironments.fromConfig(config),
        clientFactory: factory,
        store: on,
        logger: mockServices.logger.mock(),
        config: { tagKeys: readSecurityCollectorConfig(config).tagKeys },
        now: () => NOW,
      });
    return { server, store, sync };
  }

  /** A GuardDuty client of the sandbox, as a person with the console would use it. */
  function guardDuty(server: SandboxServer, accountId: string, region: string) {
    const client = new GuardDutyClient(
      sandboxClientConfig(server, { accountId, region }),
    );
    closers.push(() => client.destroy());
    return client;
  }

  async function activeIds(client: GuardDutyClient) {
    const { DetectorIds } = await client.send(new ListDetectorsCommand({}));
    const ids: string[] = [];
    for await (const page of paginateListFindings(
      { client },
      { DetectorId: DetectorIds![0], FindingCriteria: ACTIVE },
    )) {
      ids.push(...page.FindingIds!);
    }
    return { detectorId: DetectorIds![0], ids: ids.sort() };
  }

  async function statistics(client: GuardDutyClient, detectorId: string) {
    const { FindingStatistics } = await client.send(
      new GetFindingsStatisticsCommand({
        DetectorId: detectorId,
        FindingStatisticTypes: ['COUNT_BY_SEVERITY'],
        FindingCriteria: ACTIVE,
      }),
    );
    const bands: Partial<Record<SeverityBand, number>> = {};
    for (const [severity, count] of Object.entries(
      FindingStatistics!.CountBySeverity!,
    )) {
      const band = severityBand(Number(severity));
      bands[band] = (bands[band] ?? 0) + count;
    }
    return bands;
  }

  /** Active stored findings of one detector, counted by band. */
  async function storedCounts(
    store: SecurityStore,
    accountId: string,
    region: string,
  ) {
    const counts: Partial<Record<SeverityBand, number>> = {};
    for (const f of await store.readFindingsActiveSince(NOW)) {
      if (!f.archived && f.accountId === accountId && f.region === region) {
        counts[f.band] = (counts[f.band] ?? 0) + 1;
      }
    }
    return counts;
  }

  /**
   * What a seeded finding should be attributed to: the component tag of its
   * task (ECS) or cluster (EKS), else none (platform); the environment of
   * its cluster, else the first configured one of its account.
   */
  function expected(server: SandboxServer, finding: SecurityFinding) {
    const r = finding.resource ?? {};
    const tagged = (tags: Array<{ key: string; value: string }> = []) =>
      tags.find(t => t.key === 'shipyard:component')?.value;
    const clusterName = r.ecsClusterDetails?.name ?? r.eksClusterDetails?.name;
    const cluster = server.scenario.clusters.find(
      c =>
        c.name === clusterName &&
        c.accountId === finding.accountId &&
        c.region === finding.region,
    );
    return {
      component:
        tagged(r.ecsClusterDetails?.taskDetails?.tags) ??
        tagged(r.eksClusterDetails?.tags),
      environment:
        cluster?.environment ??
        (finding.accountId === NONPROD ? 'dev' : 'prod'),
    };
  }

  it('stores every active seeded finding, attributed, with counts equal to GetFindingsStatistics; an archived one leaves on the next sync; the DR region is off', async () => {
    const { server, store, sync } = await setUp();
    const result = await sync();
    expect(result.failures).toEqual([]);
    expect(
      result.detectors.map(d => [d.accountId, d.region, d.status]),
    ).toEqual([
      [NONPROD, 'eu-west-1', 'enabled'],
      [PROD, 'eu-west-1', 'enabled'],
      [PROD, 'eu-central-1', 'off'],
    ]);

    let platform = 0;
    for (const { accountId, region } of DETECTORS) {
      const client = guardDuty(server, accountId, region);
      const { detectorId, ids } = await activeIds(client);
      await expect(store.readActiveIds({ accountId, region })).resolves.toEqual(
        ids,
      );

      const seeded = server.state.securityFindings
        .list(accountId, region)
        .filter(f => !f.service.archived);
      for (const finding of seeded) {
        const stored = await store.getFinding(finding.id);
        const want = expected(server, finding);
        expect({
          id: finding.id,
          component: stored?.component,
          environment: stored?.environment,
          severity: stored?.severity,
          raw: (stored?.raw as { Id?: string })?.Id,
        }).toEqual({
          id: finding.id,
          component: want.component,
          environment: want.environment,
          severity: finding.severity,
          raw: finding.id,
        });
        platform += want.component ? 0 : 1;
      }
      const counts = await statistics(client, detectorId);
      await expect(storedCounts(store, accountId, region)).resolves.toEqual(
        counts,
      );
      const detector = (await store.readDetectors()).find(
        d => d.accountId === accountId && d.region === region,
      );
      expect(detector).toMatchObject({
        detectorId,
        status: 'enabled',
        statistics: counts,
      });
    }
    // The shared account's findings go to dev and staging by their clusters.
    const environments = new Set(
      (await store.readFindingsActiveSince(NOW))
        .filter(f => f.accountId === NONPROD)
        .map(f => f.environment),
    );
    expect(environments).toEqual(new Set(['dev', 'staging']));
    // Untagged resources (a debug task, a bastion) are kept as platform findings.
    expect(platform).toBeGreaterThan(0);
    const dr = (await store.readDetectors()).find(
      d => d.region === 'eu-central-1',
    );
    expect(dr).toEqual({
      accountId: PROD,
      region: 'eu-central-1',
      status: 'off',
      checkedAt: NOW,
    });

    // Archived in GuardDuty (updatedAt unchanged): gone from the active list
    // on the next sync, kept as archived.
    const prod = guardDuty(server, PROD, 'eu-west-1');
    const before = await activeIds(prod);
    const archivedId = before.ids[0];
    await prod.send(
      new ArchiveFindingsCommand({
        DetectorId: before.detectorId,
        FindingIds: [archivedId],
      }),
    );
    const next = await sync();
    expect(next.failures).toEqual([]);
    expect(
      next.detectors.find(
        d => d.accountId === PROD && d.region === 'eu-west-1',
      ),
    ).toMatchObject({ archived: 1 });
    await expect(
      store.readActiveIds({ accountId: PROD, region: 'eu-west-1' }),
    ).resolves.toEqual(before.ids.slice(1));
    await expect(store.getFinding(archivedId)).resolves.toMatchObject({
      archived: true,
      archivedAt: NOW,
    });
    await expect(storedCounts(store, PROD, 'eu-west-1')).resolves.toEqual(
      await statistics(prod, before.detectorId),
    );
  });

  it('resumes a sync throttled midway (429) on the next run with no finding lost', async () => {
    // Enough findings for several pages per detector.
    const { server, store, sync } = await setUp({ findingsScale: 5 });
    const prod = guardDuty(server, PROD, 'eu-west-1');
    const { detectorId, ids } = await activeIds(prod);
    expect(ids.length).toBeGreaterThan(50);

    // Once prod's first page is stored, GuardDuty throttles prod's
    // GetFindings for longer than the SDK retries.
    let pages = 0;
    const throttling: SecurityStore = Object.create(store);
    throttling.upsertFindings = async findings => {
      const created = await store.upsertFindings(findings);
      if (findings[0]?.accountId === PROD && ++pages === 1) {
        server.faults.add({
          service: 'guardduty',
          operation: 'GetFindings',
          accountId: PROD,
          region: 'eu-west-1',
          kind: 'throttle',
          count: 5,
        });
      }
      return created;
    };

    const first = await sync(throttling);
    expect(first.failures).toEqual([
      expect.stringMatching(
        /GuardDuty sync of account 222222222222, eu-west-1 failed: .*throttling/,
      ),
    ]);
    const stopped = first.detectors.find(
      d => d.accountId === PROD && d.region === 'eu-west-1',
    )!;
    expect(stopped).toMatchObject({ status: 'error', stored: 50 });
    expect(server.faults.list()[0].applied).toBeGreaterThan(1);
    const stored = await store.readActiveIds({
      accountId: PROD,
      region: 'eu-west-1',
    });
    expect(stored).toHaveLength(50);
    // The other detector was synced in full.
    const nonprod = await activeIds(guardDuty(server, NONPROD, 'eu-west-1'));
    await expect(
      store.readActiveIds({ accountId: NONPROD, region: 'eu-west-1' }),
    ).resolves.toEqual(nonprod.ids);

    server.faults.clear();
    const second = await sync();
    expect(second.failures).toEqual([]);
    await expect(
      store.readActiveIds({ accountId: PROD, region: 'eu-west-1' }),
    ).resolves.toEqual(ids);
    await expect(storedCounts(store, PROD, 'eu-west-1')).resolves.toEqual(
      await statistics(prod, detectorId),
    );
    await expect(store.readLastSync()).resolves.toEqual(NOW);
  });
});
