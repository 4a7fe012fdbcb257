import {
  ArchiveFindingsCommand,
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  paginateListFindings,
  UnarchiveFindingsCommand,
  type Finding,
} from '@aws-sdk/client-guardduty';
import { rawRequest } from '../../testing/rawRequest';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';
import { guardDutyService } from './guardDutyService';

const PROD = '222222222222';
const DAY = 86_400_000;

describe('GuardDuty', () => {
  let now: Date;
  let server: SandboxServer;
  const clients: GuardDutyClient[] = [];
  const guardduty = (
    options: { accountId?: string; region?: string; maxAttempts?: number } = {},
    target: SandboxServer = server,
  ) => {
    const client = new GuardDutyClient(
      sandboxClientConfig(target, { accountId: PROD, ...options }),
    );
    clients.push(client);
    return client;
  };
  const detectorOf = async (client: GuardDutyClient) =>
    (await client.send(new ListDetectorsCommand({}))).DetectorIds![0];
  /** Every finding of the detector: ids through ListFindings, then GetFindings 50 at a time. */
  const allFindings = async (
    client: GuardDutyClient,
    criteria?: ListFindingsInputCriteria,
  ) => {
    const DetectorId = await detectorOf(client);
    const ids: string[] = [];
    for await (const page of paginateListFindings(
      { client },
      { DetectorId, FindingCriteria: criteria },
    )) {
      ids.push(...page.FindingIds!);
    }
    const findings: Finding[] = [];
    for (let i = 0; i < ids.length; i += 50) {
      const out = await client.send(
        new GetFindingsCommand({
          DetectorId,
          FindingIds: ids.slice(i, i + 50),
        }),
      );
      findings.push(...out.Findings!);
    }
    return { ids, findings };
  };
  type ListFindingsInputCriteria = ConstructorParameters<
    typeof ListFindingsCommand
  >[0]['FindingCriteria'];

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      services: [guardDutyService],
    });
  });

  afterEach(async () => {
    clients.splice(0).forEach(c => c.destroy());
    await server.close();
  });

  it('has one detector per account and region', async () => {
    const prod = await guardduty().send(new ListDetectorsCommand({}));
    const other = await guardduty({ region: 'us-east-1' }).send(
      new ListDetectorsCommand({}),
    );
    const dev = await guardduty({ accountId: '111111111111' }).send(
      new ListDetectorsCommand({}),
    );
    expect(prod.DetectorIds).toHaveLength(1);
    expect(
      new Set([
        prod.DetectorIds![0],
        other.DetectorIds![0],
        dev.DetectorIds![0],
      ]).size,
    ).toBe(3);
    await expect(
      guardduty({ accountId: '111111111111' }).send(
        new ListFindingsCommand({ DetectorId: prod.DetectorIds![0] }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  it("has no detector in prod's disaster-recovery region, where GuardDuty is off", async () => {
    const dr = guardduty({ region: 'eu-central-1' });
    await expect(dr.send(new ListDetectorsCommand({}))).resolves.toMatchObject({
      DetectorIds: [],
    });
    // Any detector id, even the one the region would have, is refused there.
    const prodDetector = await detectorOf(guardduty());
    for (const command of [
      new ListFindingsCommand({ DetectorId: prodDetector }),
      new GetFindingsCommand({ DetectorId: prodDetector, FindingIds: ['x'] }),
      new GetFindingsStatisticsCommand({
        DetectorId: prodDetector,
        FindingStatisticTypes: ['COUNT_BY_SEVERITY'],
      }),
      new ArchiveFindingsCommand({
        DetectorId: prodDetector,
        FindingIds: ['x'],
      }),
    ]) {
      await expect(dr.send(command as any)).rejects.toMatchObject({
        name: 'BadRequestException',
        $metadata: { httpStatusCode: 400 },
      });
    }
  });

  it('archives and unarchives findings without changing updatedAt, in this sandbox only', async () => {
    const client = guardduty();
    const DetectorId = await detectorOf(client);
    const active = {
      Criterion: { 'service.archived': { Equals: ['false'] } },
    };
    const before = await allFindings(client, active);
    const [first, second] = before.findings;
    await client.send(
      new ArchiveFindingsCommand({
        DetectorId,
        FindingIds: [first.Id!, second.Id!, 'unknown-id'],
      }),
    );
    const after = await allFindings(client, active);
    expect(after.ids).toEqual(
      before.ids.filter(id => id !== first.Id && id !== second.Id),
    );
    const { Findings } = await client.send(
      new GetFindingsCommand({ DetectorId, FindingIds: [first.Id!] }),
    );
    expect(Findings![0].Service!.Archived).toBe(true);
    expect(Findings![0].UpdatedAt).toBe(first.UpdatedAt);
    const counts = await client.send(
      new GetFindingsStatisticsCommand({
        DetectorId,
        FindingStatisticTypes: ['COUNT_BY_SEVERITY'],
        FindingCriteria: active,
      }),
    );
    expect(
      Object.values(counts.FindingStatistics!.CountBySeverity!).reduce(
        (a, b) => a + b,
        0,
      ),
    ).toBe(before.ids.length - 2);

    // Another sandbox in this process starts from the seed, unchanged.
    const other = await createSandboxServer({
      port: 0,
      now: () => now,
      services: [guardDutyService],
    });
    try {
      await expect(allFindings(guardduty({}, other), active)).resolves.toEqual(
        before,
      );
    } finally {
      await other.close();
    }

    await client.send(
      new UnarchiveFindingsCommand({ DetectorId, FindingIds: [first.Id!] }),
    );
    const unarchived = await allFindings(client, active);
    expect(unarchived.ids).toEqual(before.ids.filter(id => id !== second.Id));
    expect(unarchived.findings.find(f => f.Id === first.Id)).toEqual(first);

    await expect(
      client.send(
        new ArchiveFindingsCommand({
          DetectorId,
          FindingIds: Array.from({ length: 51 }, (_, i) => `id${i}`),
        }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  it('scales the seeded findings with findingsScale', async () => {
    const { ids: one } = await allFindings(guardduty());
    const scaled = await createSandboxServer({
      port: 0,
      now: () => now,
      services: [guardDutyService],
      findingsScale: 3,
    });
    try {
      const { ids: three, findings } = await allFindings(guardduty({}, scaled));
      // Each copy is drawn anew: about three times as many.
      expect(three.length).toBeGreaterThan(one.length * 2);
      expect(three.length).toBeLessThan(one.length * 4);
      expect(new Set(three).size).toBe(three.length);
      expect(three).toEqual(expect.arrayContaining(one));
      const tagged = findings.filter(f =>
        JSON.stringify(f.Resource).includes('"shipyard:component"'),
      );
      expect(tagged.length).toBeGreaterThan(findings.length / 2);
      expect(tagged.length).toBeLessThan(findings.length);
    } finally {
      await scaled.close();
    }
    await expect(
      createSandboxServer({ port: 0, findingsScale: 0.5 }),
    ).rejects.toThrow(/findingsScale must be an integer from 1 to 10000/);
  });

  it('adds a finding on a service through the admin API, updated now', async () => {
    const client = guardduty();
    const DetectorId = await detectorOf(client);
    const add = (body: unknown) =>
      rawRequest(server.url, {
        method: 'POST',
        path: '/_sandbox/guardduty/findings',
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    now = new Date(now.getTime() + 60_000);
    const res = await add({
      component: 'checkout-api',
      environment: 'prod',
      type: 'CryptoCurrency:Runtime/BitcoinTool.B',
      severity: 9.2,
    });
    expect(res.status).toBe(201);
    const added = JSON.parse(res.body);
    expect(added).toMatchObject({
      accountId: PROD,
      region: 'eu-west-1',
      detectorId: DetectorId,
      severity: 9.2,
      updatedAt: now.toISOString(),
    });

    const recent = await client.send(
      new ListFindingsCommand({
        DetectorId,
        FindingCriteria: {
          Criterion: { updatedAt: { Gte: now.getTime() } },
        },
      }),
    );
    expect(recent.FindingIds).toEqual([added.id]);
    const { Findings } = await client.send(
      new GetFindingsCommand({ DetectorId, FindingIds: [added.id] }),
    );
    const finding = Findings![0];
    expect(finding).toMatchObject({
      Type: 'CryptoCurrency:Runtime/BitcoinTool.B',
      Severity: 9.2,
      Service: { Archived: false, Count: 1 },
    });
    expect(finding.Resource!.EcsClusterDetails!.Name).toBe('prod-apps');
    expect(finding.Resource!.EcsClusterDetails!.TaskDetails!.Tags).toEqual(
      expect.arrayContaining([
        { Key: 'shipyard:component', Value: 'checkout-api' },
        { Key: 'shipyard:environment', Value: 'prod' },
      ]),
    );

    // A second one on the same service at the same time is another finding.
    const again = JSON.parse(
      (await add({ component: 'checkout-api', environment: 'prod' })).body,
    );
    expect(again.id).not.toBe(added.id);
    expect(again).toMatchObject({
      type: 'Runtime:Container/ReverseShell',
      severity: 8.5,
    });

    for (const [body, message] of [
      ['{', /must be JSON/],
      [{ environment: 'prod' }, /component and environment are required/],
      [
        { component: 'checkout-api', environment: 'qa' },
        /Unknown environment "qa"/,
      ],
      [
        { component: 'nope', environment: 'prod' },
        /No service of component "nope"/,
      ],
      [
        { component: 'checkout-api', environment: 'prod', severity: 11 },
        /severity must be a number from 0 to 10/,
      ],
      [
        { component: 'checkout-api', environment: 'prod', type: 'bad type' },
        /type must be a GuardDuty finding type/,
      ],
      [
        {
          component: 'checkout-api',
          environment: 'prod',
          region: 'eu-central-1',
        },
        /GuardDuty is off in account 222222222222, eu-central-1/,
      ],
      [
        { component: 'checkout-api', environment: 'prod', region: 'us-east-1' },
        /not in us-east-1/,
      ],
    ] as Array<[unknown, RegExp]>) {
      const bad = await add(body);
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body).error).toMatch(message);
    }
  });

  it('serves tagged and untagged findings of every severity on ECS and EKS, within 90 days', async () => {
    const { findings } = await allFindings(guardduty());
    expect(findings.length).toBeGreaterThan(10);
    const band = (severity: number) => {
      if (severity >= 9) return 'critical';
      if (severity >= 7) return 'high';
      return severity >= 4 ? 'medium' : 'low';
    };
    const bands = new Set(findings.map(f => band(f.Severity!)));
    expect(bands).toEqual(new Set(['low', 'medium', 'high', 'critical']));
    for (const f of findings) {
      expect(Date.parse(f.CreatedAt!)).toBeGreaterThan(
        now.getTime() - 90 * DAY,
      );
      expect(Date.parse(f.UpdatedAt!)).toBeLessThanOrEqual(now.getTime());
      expect(f.Arn).toContain(`:${PROD}:detector/`);
    }
    const checkout = findings.filter(f =>
      f.Resource?.EcsClusterDetails?.TaskDetails?.Tags?.some(
        t => t.Key === 'shipyard:component' && t.Value === 'checkout-api',
      ),
    );
    expect(checkout.length).toBeGreaterThan(0);
    expect(checkout[0].Resource!.EcsClusterDetails!.TaskDetails!.Tags).toEqual(
      expect.arrayContaining([{ Key: 'shipyard:environment', Value: 'prod' }]),
    );
    const eks = findings.filter(f => f.Resource?.ResourceType === 'EKSCluster');
    expect(eks.length).toBeGreaterThan(0);
    expect(eks[0].Resource!.EksClusterDetails!.Tags!.map(t => t.Key)).toContain(
      'shipyard:component',
    );
    expect(eks.map(f => f.Type)).toEqual(
      expect.arrayContaining([expect.stringMatching(/Kubernetes|EKS/)]),
    );
    const untagged = findings.filter(
      f => !JSON.stringify(f.Resource).includes('shipyard:component'),
    );
    expect(untagged.map(f => f.Type)).toEqual(
      expect.arrayContaining([
        'Runtime:Container/ReverseShell',
        'Recon:EC2/PortProbeUnprotectedPort',
      ]),
    );
    expect(findings.some(f => f.Service!.Archived)).toBe(true);
  });

  it('filters with criteria and sorts, the same answers for the same seed', async () => {
    const client = guardduty();
    const DetectorId = await detectorOf(client);
    const high = await allFindings(client, {
      Criterion: {
        severity: { GreaterThanOrEqual: 7 },
        'service.archived': { Equals: ['false'] },
        'resource.resourceType': { Equals: ['ECSCluster'] },
      },
    });
    expect(high.findings.length).toBeGreaterThan(0);
    expect(
      high.findings.every(
        f =>
          f.Severity! >= 7 &&
          !f.Service!.Archived &&
          f.Resource!.ResourceType === 'ECSCluster',
      ),
    ).toBe(true);
    const byType = await allFindings(client, {
      Criterion: {
        type: {
          Eq: [
            'Policy:Kubernetes/AdminAccessToDefaultServiceAccount',
            'Runtime:Container/ReverseShell',
          ],
        },
      },
    });
    expect(new Set(byType.findings.map(f => f.Type)).size).toBeGreaterThan(0);
    expect(
      byType.findings.every(f =>
        [
          'Policy:Kubernetes/AdminAccessToDefaultServiceAccount',
          'Runtime:Container/ReverseShell',
        ].includes(f.Type!),
      ),
    ).toBe(true);
    const low = await allFindings(client, {
      Criterion: { severity: { Lt: 4 } },
    });
    expect(low.findings.every(f => f.Severity! < 4)).toBe(true);
    const recent = await allFindings(client, {
      Criterion: { updatedAt: { Gte: now.getTime() - 30 * DAY } },
    });
    const everything = await allFindings(client);
    expect(recent.findings.length).toBeLessThan(everything.findings.length);
    expect(
      recent.findings.every(
        f => Date.parse(f.UpdatedAt!) >= now.getTime() - 30 * DAY,
      ),
    ).toBe(true);

    const sorted = await client.send(
      new ListFindingsCommand({
        DetectorId,
        SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' },
        MaxResults: 50,
      }),
    );
    const got = await client.send(
      new GetFindingsCommand({
        DetectorId,
        FindingIds: sorted.FindingIds,
        SortCriteria: { AttributeName: 'severity', OrderBy: 'DESC' },
      }),
    );
    const severities = got.Findings!.map(f => f.Severity!);
    expect(severities).toEqual([...severities].sort((a, b) => b - a));
    expect(got.Findings!.map(f => f.Id)).toEqual(sorted.FindingIds);

    const other = await createSandboxServer({
      port: 0,
      now: () => now,
      services: [guardDutyService],
    });
    try {
      const again = await allFindings(guardduty({}, other));
      expect(again.findings).toEqual(everything.findings);
    } finally {
      await other.close();
    }
  });

  it('enforces MaxResults ≤ 50 and FindingIds ≤ 50, paginates with NextToken', async () => {
    const client = guardduty();
    const DetectorId = await detectorOf(client);
    await expect(
      client.send(new ListFindingsCommand({ DetectorId, MaxResults: 51 })),
    ).rejects.toMatchObject({
      name: 'BadRequestException',
      $metadata: { httpStatusCode: 400 },
    });
    const ids = Array.from({ length: 51 }, (_, i) => `id${i}`);
    await expect(
      client.send(new GetFindingsCommand({ DetectorId, FindingIds: ids })),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    const first = await client.send(
      new ListFindingsCommand({ DetectorId, MaxResults: 5 }),
    );
    expect(first.FindingIds).toHaveLength(5);
    const second = await client.send(
      new ListFindingsCommand({
        DetectorId,
        MaxResults: 5,
        NextToken: first.NextToken,
      }),
    );
    expect(second.FindingIds!.some(id => first.FindingIds!.includes(id))).toBe(
      false,
    );
    await expect(
      client.send(new ListFindingsCommand({ DetectorId, NextToken: 'forged' })),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
    const unknown = await client.send(
      new GetFindingsCommand({
        DetectorId,
        FindingIds: ['nope', first.FindingIds![0]],
      }),
    );
    expect(unknown.Findings!.map(f => f.Id)).toEqual([first.FindingIds![0]]);
  });

  it('counts findings by severity and groups them', async () => {
    const client = guardduty();
    const DetectorId = await detectorOf(client);
    const { findings } = await allFindings(client);
    const counts = await client.send(
      new GetFindingsStatisticsCommand({
        DetectorId,
        FindingStatisticTypes: ['COUNT_BY_SEVERITY'],
      }),
    );
    const bySeverity = counts.FindingStatistics!.CountBySeverity!;
    expect(Object.values(bySeverity).reduce((a, b) => a + b, 0)).toBe(
      findings.length,
    );
    const top = findings[0].Severity!.toFixed(1);
    expect(bySeverity[top]).toBe(
      findings.filter(f => f.Severity!.toFixed(1) === top).length,
    );

    const byType = await client.send(
      new GetFindingsStatisticsCommand({
        DetectorId,
        GroupBy: 'FINDING_TYPE',
        OrderBy: 'DESC',
        MaxResults: 100,
        FindingCriteria: {
          Criterion: { 'service.archived': { Equals: ['false'] } },
        },
      }),
    );
    const groups = byType.FindingStatistics!.GroupedByFindingType!;
    const open = findings.filter(f => !f.Service!.Archived);
    expect(groups.reduce((n, g) => n + g.TotalFindings!, 0)).toBe(open.length);
    expect(groups.map(g => g.TotalFindings)).toEqual(
      [...groups.map(g => g.TotalFindings)].sort((a, b) => b! - a!),
    );
    const bySeverityGroups = await client.send(
      new GetFindingsStatisticsCommand({ DetectorId, GroupBy: 'SEVERITY' }),
    );
    expect(
      bySeverityGroups.FindingStatistics!.GroupedBySeverity![0].LastGeneratedAt,
    ).toBeInstanceOf(Date);
    await expect(
      client.send(new GetFindingsStatisticsCommand({ DetectorId })),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
  });

  it('throttles with TooManyRequestsException (429) when a fault is injected', async () => {
    server.faults.add({ service: 'guardduty', kind: 'throttle', count: 1 });
    await expect(
      guardduty({ maxAttempts: 1 }).send(new ListDetectorsCommand({})),
    ).rejects.toMatchObject({
      name: 'TooManyRequestsException',
      $metadata: { httpStatusCode: 429 },
    });
  });
});
