import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
  GetCostForecastCommand,
  type ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';
import { costExplorerService } from './costExplorerService';
import { anomalyMonitorArn } from './operations/getAnomalies';

const PAYER = '222222222222';

describe('Cost Explorer', () => {
  let now: Date;
  let server: SandboxServer;
  const clients: CostExplorerClient[] = [];
  const ce = (
    options: { maxAttempts?: number } = {},
    target: SandboxServer = server,
  ) => {
    const client = new CostExplorerClient(
      sandboxClientConfig(target, {
        accountId: PAYER,
        region: 'us-east-1',
        ...options,
      }),
    );
    clients.push(client);
    return client;
  };
  const sumOf = (results: ResultByTime[], metric = 'UnblendedCost') =>
    results.reduce((n, r) => n + Number(r.Total![metric].Amount), 0);
  /** Group amounts summed over all periods, by the group's keys joined with '|'. */
  const byGroup = (results: ResultByTime[], metric = 'UnblendedCost') => {
    const out: Record<string, number> = {};
    for (const r of results) {
      for (const g of r.Groups!) {
        const key = g.Keys!.join('|');
        out[key] = (out[key] ?? 0) + Number(g.Metrics![metric].Amount);
      }
    }
    return out;
  };
  const allPages = async (
    input: ConstructorParameters<typeof GetCostAndUsageCommand>[0],
  ) => {
    const results: ResultByTime[] = [];
    let NextPageToken: string | undefined;
    let pages = 0;
    do {
      const out = await ce().send(
        new GetCostAndUsageCommand({ ...input, NextPageToken }),
      );
      results.push(...out.ResultsByTime!);
      NextPageToken = out.NextPageToken;
      pages += 1;
    } while (NextPageToken);
    return { results, pages };
  };

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await createSandboxServer({
      port: 0,
      now: () => now,
      services: [costExplorerService],
    });
  });

  afterEach(async () => {
    clients.splice(0).forEach(c => c.destroy());
    await server.close();
  });

  it('reports six months of daily and monthly costs, the same for the same seed', async () => {
    const monthly = await ce().send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2025-09-01', End: '2026-03-01' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost', 'AmortizedCost'],
      }),
    );
    expect(monthly.ResultsByTime!.map(r => r.TimePeriod!.Start)).toEqual([
      '2025-09-01',
      '2025-10-01',
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
    ]);
    for (const r of monthly.ResultsByTime!) {
      expect(Number(r.Total!.UnblendedCost.Amount)).toBeGreaterThan(1000);
      expect(r.Total!.UnblendedCost.Unit).toBe('USD');
      expect(Number(r.Total!.AmortizedCost.Amount)).toBeLessThan(
        Number(r.Total!.UnblendedCost.Amount),
      );
      expect(r.Estimated).toBe(false);
    }
    const daily = await allPages({
      TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
    });
    expect(daily.results).toHaveLength(28);
    expect(sumOf(daily.results)).toBeCloseTo(
      Number(monthly.ResultsByTime![5].Total!.UnblendedCost.Amount),
      4,
    );
    const before = await ce().send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2025-06-01', End: '2025-07-01' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
      }),
    );
    expect(before.ResultsByTime![0].Total!.UnblendedCost.Amount).toBe('0');

    const other = await createSandboxServer({
      port: 0,
      now: () => now,
      services: [costExplorerService],
    });
    try {
      const again = await ce({}, other).send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: '2025-09-01', End: '2026-03-01' },
          Granularity: 'MONTHLY',
          Metrics: ['UnblendedCost', 'AmortizedCost'],
        }),
      );
      expect(again.ResultsByTime).toEqual(monthly.ResultsByTime);
    } finally {
      await other.close();
    }
  });

  it('groups by environment tag and AWS service: prod costs most, every line is there', async () => {
    const out = await allPages({
      TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
      Granularity: 'MONTHLY',
      Metrics: ['UnblendedCost'],
      GroupBy: [
        { Type: 'TAG', Key: 'shipyard:environment' },
        { Type: 'DIMENSION', Key: 'SERVICE' },
      ],
    });
    const groups = byGroup(out.results);
    const env = (name: string) =>
      Object.entries(groups)
        .filter(([k]) => k.startsWith(`shipyard:environment$${name}|`))
        .reduce((n, [, v]) => n + v, 0);
    expect(env('prod')).toBeGreaterThan(env('staging'));
    expect(env('staging')).toBeGreaterThan(env('dev'));
    const services = new Set(Object.keys(groups).map(k => k.split('|')[1]));
    expect(services).toEqual(
      new Set([
        'Amazon Elastic Container Service',
        'Amazon Elastic Compute Cloud - Compute',
        'Amazon Elastic Kubernetes Service',
        'Elastic Load Balancing',
        'Amazon Relational Database Service',
        'AmazonCloudWatch',
        'EC2 - Other',
      ]),
    );
    // Shared NAT gateways carry no tags: their cost shows under the empty tag value.
    expect(groups['shipyard:environment$|EC2 - Other']).toBeGreaterThan(0);
    expect(out.results[0].Total).toEqual({});
  });

  it('filters by tags and dimensions, one component in one environment', async () => {
    const component = (name: string) =>
      ce().send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
          Granularity: 'MONTHLY',
          Metrics: ['UnblendedCost'],
          Filter: {
            And: [
              { Tags: { Key: 'shipyard:component', Values: [name] } },
              { Tags: { Key: 'shipyard:environment', Values: ['prod'] } },
            ],
          },
          GroupBy: [{ Type: 'DIMENSION', Key: 'REGION' }],
        }),
      );
    const checkout = byGroup((await component('checkout-api')).ResultsByTime!);
    expect(Object.keys(checkout).sort()).toEqual(['eu-central-1', 'eu-west-1']);
    const ledger = byGroup((await component('ledger-service')).ResultsByTime!);
    expect(Object.keys(ledger)).toEqual(['eu-west-1']);
    const account = await ce().send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
        Filter: {
          Dimensions: { Key: 'LINKED_ACCOUNT', Values: ['111111111111'] },
        },
        GroupBy: [{ Type: 'TAG', Key: 'shipyard:environment' }],
      }),
    );
    expect(Object.keys(byGroup(account.ResultsByTime!)).sort()).toEqual([
      'shipyard:environment$',
      'shipyard:environment$dev',
      'shipyard:environment$staging',
    ]);
  });

  it('shows the NAT spike of ledger-service in prod about 20 days ago, and reports it as an anomaly', async () => {
    const daily = await allPages({
      TimePeriod: { Start: '2026-01-20', End: '2026-03-01' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      Filter: {
        And: [
          { Tags: { Key: 'shipyard:component', Values: ['ledger-service'] } },
          { Dimensions: { Key: 'SERVICE', Values: ['EC2 - Other'] } },
          { Tags: { Key: 'shipyard:environment', Values: ['prod'] } },
        ],
      },
    });
    const costs = daily.results.map(
      r =>
        [r.TimePeriod!.Start!, Number(r.Total!.UnblendedCost.Amount)] as const,
    );
    const peak = costs.reduce((a, b) => (b[1] > a[1] ? b : a));
    const median = [...costs].map(c => c[1]).sort((a, b) => a - b)[
      Math.floor(costs.length / 2)
    ];
    expect(peak[1]).toBeGreaterThan(median * 5);
    expect(['2026-02-10', '2026-02-11', '2026-02-12']).toContain(peak[0]);

    const anomalies = await ce().send(
      new GetAnomaliesCommand({
        DateInterval: { StartDate: '2026-01-01', EndDate: '2026-03-02' },
      }),
    );
    expect(anomalies.Anomalies).toHaveLength(1);
    expect(anomalies.Anomalies![0]).toMatchObject({
      AnomalyStartDate: '2026-02-10',
      AnomalyEndDate: '2026-02-12',
      DimensionValue: 'EC2 - Other',
      MonitorArn: anomalyMonitorArn(PAYER),
      RootCauses: [
        {
          Service: 'EC2 - Other',
          LinkedAccount: PAYER,
          Region: 'eu-west-1',
          UsageType: 'NatGateway-Bytes',
        },
      ],
    });
    expect(anomalies.Anomalies![0].Impact!.TotalImpact).toBeGreaterThan(0);
    const earlier = await ce().send(
      new GetAnomaliesCommand({
        DateInterval: { StartDate: '2026-01-01', EndDate: '2026-02-01' },
      }),
    );
    expect(earlier.Anomalies).toEqual([]);
    const byMonitor = await ce().send(
      new GetAnomaliesCommand({
        MonitorArn: anomalyMonitorArn(PAYER),
        DateInterval: { StartDate: '2026-02-01' },
      }),
    );
    expect(byMonitor.Anomalies).toHaveLength(1);
    await expect(
      ce().send(
        new GetAnomaliesCommand({
          MonitorArn: 'arn:aws:ce::1:anomalymonitor/x',
          DateInterval: { StartDate: '2026-02-01' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'UnknownMonitorException' });
  });

  it('forecasts from recent spend, with a wider interval at a higher level', async () => {
    const forecast = (level: number) =>
      ce().send(
        new GetCostForecastCommand({
          TimePeriod: { Start: '2026-03-02', End: '2026-04-01' },
          Metric: 'UNBLENDED_COST',
          Granularity: 'MONTHLY',
          PredictionIntervalLevel: level,
        }),
      );
    const at80 = await forecast(80);
    const at95 = await forecast(95);
    const recent = await ce().send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: '2026-02-02', End: '2026-03-02' },
        Granularity: 'MONTHLY',
        Metrics: ['UnblendedCost'],
      }),
    );
    const last28 = Number(
      recent.ResultsByTime!.reduce(
        (n, r) => n + Number(r.Total!.UnblendedCost.Amount),
        0,
      ),
    );
    expect(Number(at80.Total!.Amount)).toBeCloseTo((last28 / 28) * 30, 2);
    const width = (f: typeof at80) =>
      Number(f.ForecastResultsByTime![0].PredictionIntervalUpperBound) -
      Number(f.ForecastResultsByTime![0].PredictionIntervalLowerBound);
    expect(width(at95)).toBeGreaterThan(width(at80));
    await expect(
      ce().send(
        new GetCostForecastCommand({
          TimePeriod: { Start: '2026-01-01', End: '2026-02-01' },
          Metric: 'UNBLENDED_COST',
          Granularity: 'MONTHLY',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('paginates many groups with NextPageToken and validates like Cost Explorer', async () => {
    const big = await createSandboxServer({
      port: 0,
      now: () => now,
      scale: 30,
      services: [costExplorerService],
    });
    try {
      const client = ce({}, big);
      const input = {
        TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
        Granularity: 'DAILY' as const,
        Metrics: ['UnblendedCost'],
        GroupBy: [
          { Type: 'TAG' as const, Key: 'shipyard:component' },
          { Type: 'DIMENSION' as const, Key: 'SERVICE' },
        ],
      };
      const first = await client.send(new GetCostAndUsageCommand(input));
      expect(first.NextPageToken).toBeDefined();
      let periods = first.ResultsByTime!.length;
      let token = first.NextPageToken;
      while (token) {
        const page = await client.send(
          new GetCostAndUsageCommand({ ...input, NextPageToken: token }),
        );
        periods += page.ResultsByTime!.length;
        token = page.NextPageToken;
      }
      expect(periods).toBe(28);
      await expect(
        client.send(
          new GetCostAndUsageCommand({ ...input, NextPageToken: 'forged' }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidNextTokenException' });
      await expect(
        client.send(
          new GetCostAndUsageCommand({
            ...input,
            TimePeriod: { Start: '2026-01-01', End: '2026-03-01' },
            NextPageToken: first.NextPageToken,
          }),
        ),
      ).rejects.toMatchObject({ name: 'RequestChangedException' });
    } finally {
      await big.close();
    }
    const client = ce();
    const base = {
      TimePeriod: { Start: '2026-02-01', End: '2026-03-01' },
      Granularity: 'MONTHLY' as const,
      Metrics: ['UnblendedCost'],
    };
    for (const bad of [
      {
        ...base,
        GroupBy: [
          { Type: 'TAG' as const, Key: 'a' },
          { Type: 'TAG' as const, Key: 'b' },
          { Type: 'TAG' as const, Key: 'c' },
        ],
      },
      {
        ...base,
        GroupBy: [{ Type: 'DIMENSION' as const, Key: 'INSTANCE_TYPE_FAMILY' }],
      },
      { ...base, TimePeriod: { Start: '2026-03-01', End: '2026-02-01' } },
      { ...base, Metrics: ['Dollars'] },
      { ...base, Filter: {} },
    ]) {
      await expect(
        client.send(new GetCostAndUsageCommand(bad)),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    }
    // Heavy (a scaled sandbox or many requests): room for a loaded CI machine.
  }, 30_000);

  it('throttles with LimitExceededException when a fault is injected', async () => {
    server.faults.add({ service: 'costexplorer', kind: 'throttle', count: 1 });
    await expect(
      ce({ maxAttempts: 1 }).send(
        new GetAnomaliesCommand({ DateInterval: { StartDate: '2026-02-01' } }),
      ),
    ).rejects.toMatchObject({ name: 'LimitExceededException' });
  });
});
