import {
  GetFindingsCommand,
  GetFindingsStatisticsCommand,
  GuardDutyClient,
  ListDetectorsCommand,
  ListFindingsCommand,
  paginateListFindings,
  type Finding,
} from '@aws-sdk/client-guardduty';
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
    const dr = await guardduty({ region: 'eu-central-1' }).send(
      new ListDetectorsCommand({}),
    );
    const dev = await guardduty({ accountId: '111111111111' }).send(
      new ListDetectorsCommand({}),
    );
    expect(prod.DetectorIds).toHaveLength(1);
    expect(
      new Set([prod.DetectorIds![0], dr.DetectorIds![0], dev.DetectorIds![0]])
        .size,
    ).toBe(3);
    await expect(
      guardduty({ accountId: '111111111111' }).send(
        new ListFindingsCommand({ DetectorId: prod.DetectorIds![0] }),
      ),
    ).rejects.toMatchObject({ name: 'BadRequestException' });
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
