import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  paginateDescribeAlarms,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import {
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import {
  createSandboxServer,
  type SandboxServer,
} from '../../server/createSandboxServer';
import { rawRequest } from '../../testing/rawRequest';
import { sandboxClientConfig } from '../../testing/sandboxClientConfig';
import {
  loadBalancerDimension,
  targetGroupDimension,
} from '../../scenario/metrics/ServiceMetrics';
import type { ScenarioService } from '../../scenario/Scenario';
import { cloudWatchService } from './cloudWatchService';

const PROD = '222222222222';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('CloudWatch', () => {
  let now: Date;
  let server: SandboxServer;
  const clients: Array<{ destroy(): void }> = [];
  const cloudwatch = (
    options: { accountId?: string; region?: string; maxAttempts?: number } = {},
    target: SandboxServer = server,
  ) => {
    const client = new CloudWatchClient(sandboxClientConfig(target, options));
    clients.push(client);
    return client;
  };
  const start = (options: { seed?: string; scale?: number } = {}) =>
    createSandboxServer({
      port: 0,
      now: () => now,
      rolloutSeconds: 20,
      services: [cloudWatchService],
      ...options,
    });
  const prodService = (component: string, s: SandboxServer = server) =>
    s.scenario.findServices({
      component,
      environment: 'prod',
      region: 'eu-west-1',
    })[0];
  const albQuery = (
    id: string,
    service: ScenarioService,
    metricName: string,
    stat: string,
    period = 60,
  ): MetricDataQuery => ({
    Id: id,
    MetricStat: {
      Metric: {
        Namespace: 'AWS/ApplicationELB',
        MetricName: metricName,
        Dimensions: [
          {
            Name: 'TargetGroup',
            Value: targetGroupDimension(service.targetGroupArn!),
          },
          {
            Name: 'LoadBalancer',
            Value: loadBalancerDimension(service.loadBalancerArn!),
          },
        ],
      },
      Period: period,
      Stat: stat,
    },
  });
  /** Sums a metric over [from, to) in one datapoint per `period`. */
  const sumOf = async (
    service: ScenarioService,
    metricName: string,
    from: number,
    to: number,
  ) => {
    const out = await cloudwatch({ accountId: service.accountId }).send(
      new GetMetricDataCommand({
        MetricDataQueries: [albQuery('m', service, metricName, 'Sum')],
        StartTime: new Date(from),
        EndTime: new Date(to),
      }),
    );
    return out.MetricDataResults![0].Values!.reduce((a, b) => a + b, 0);
  };
  const errorRate = async (
    service: ScenarioService,
    from: number,
    to: number,
  ) =>
    (await sumOf(service, 'HTTPCode_Target_5XX_Count', from, to)) /
    (await sumOf(service, 'RequestCount', from, to));

  /**
   * The server's own time for a GetMetricData body (the best of three, so that other work on a
   * shared machine does not decide it): sent raw, because the SDK's parsing of 100,000
   * datapoints is the client's cost, not the sandbox's.
   */
  const serverTime = async (target: SandboxServer, body: unknown) => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const response = await rawRequest(target.url, {
        method: 'POST',
        path: '/',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData',
          'x-amzn-query-mode': 'true',
          authorization: `AWS4-HMAC-SHA256 Credential=SANDBOX${PROD}/20260302/eu-west-1/monitoring/aws4_request, SignedHeaders=host, Signature=0`,
        },
        body: JSON.stringify(body),
      });
      times.push(performance.now() - started);
      expect(response.status).toBe(200);
    }
    return Math.min(...times);
  };
  const wire = (queries: MetricDataQuery[]) => ({
    MetricDataQueries: queries,
    StartTime: now.getTime() / 1000 - DAY / 1000,
    EndTime: now.getTime() / 1000,
  });

  beforeEach(async () => {
    now = new Date('2026-03-02T09:30:00Z');
    server = await start();
  });

  afterEach(async () => {
    clients.splice(0).forEach(c => c.destroy());
    await server.close();
  });

  describe('GetMetricData', () => {
    it('serves ALB and ECS metrics of a service, one datapoint per period, newest first', async () => {
      const service = prodService('checkout-api');
      const out = await cloudwatch({ accountId: PROD }).send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            albQuery('requests', service, 'RequestCount', 'Sum', 300),
            albQuery('latency', service, 'TargetResponseTime', 'p99', 300),
            albQuery('average', service, 'TargetResponseTime', 'Average', 300),
            albQuery('healthy', service, 'HealthyHostCount', 'Minimum', 300),
            {
              Id: 'tasks',
              MetricStat: {
                Metric: {
                  Namespace: 'ECS/ContainerInsights',
                  MetricName: 'RunningTaskCount',
                  Dimensions: [
                    { Name: 'ClusterName', Value: 'prod-apps' },
                    { Name: 'ServiceName', Value: 'checkout-api' },
                  ],
                },
                Period: 300,
                Stat: 'Average',
              },
            },
          ],
          StartTime: new Date(now.getTime() - HOUR),
          EndTime: now,
        }),
      );
      const [requests, latency, average, healthy, tasks] =
        out.MetricDataResults!;
      expect(requests).toMatchObject({
        Id: 'requests',
        Label: 'RequestCount',
        StatusCode: 'Complete',
      });
      expect(requests.Timestamps).toHaveLength(12);
      expect(requests.Timestamps![0]).toEqual(
        new Date(now.getTime() - 5 * MINUTE),
      );
      expect(requests.Timestamps![11]).toEqual(new Date(now.getTime() - HOUR));
      expect(requests.Values!.every(v => v > 100 && Number.isInteger(v))).toBe(
        true,
      );
      expect(latency.Values![0]).toBeGreaterThan(average.Values![0] * 2);
      expect(average.Values!.every(v => v > 0.01 && v < 1)).toBe(true);
      expect(healthy.Values).toEqual(Array(12).fill(service.desiredCount));
      expect(tasks.Values).toEqual(Array(12).fill(service.desiredCount));
      expect(out.NextToken).toBeUndefined();
    });

    it('is deterministic for a seed and differs between seeds', async () => {
      const query = async (s: SandboxServer) => {
        const out = await cloudwatch({ accountId: PROD }, s).send(
          new GetMetricDataCommand({
            MetricDataQueries: [
              albQuery(
                'm',
                prodService('catalog-api', s),
                'RequestCount',
                'Sum',
              ),
            ],
            StartTime: new Date(now.getTime() - 2 * HOUR),
            EndTime: now,
          }),
        );
        return out.MetricDataResults![0].Values;
      };
      const same = await start();
      const other = await start({ seed: 'another' });
      try {
        expect(await query(server)).toEqual(await query(same));
        expect(await query(server)).not.toEqual(await query(other));
      } finally {
        await same.close();
        await other.close();
      }
    });

    it('follows the day: busier in the afternoon than at night', async () => {
      const service = prodService('catalog-api');
      const day = Date.UTC(2026, 1, 25); // a Wednesday
      const night = await sumOf(
        service,
        'RequestCount',
        day + 2 * HOUR,
        day + 3 * HOUR,
      );
      const afternoon = await sumOf(
        service,
        'RequestCount',
        day + 12 * HOUR,
        day + 13 * HOUR,
      );
      expect(afternoon).toBeGreaterThan(night * 2.5);
    });

    it("shows the scenario's incident and bad deployment in errors and latency", async () => {
      const checkout = prodService('checkout-api');
      const incident = server.scenario.windows.find(
        w => w.kind === 'incident',
      )!;
      const during = await errorRate(
        checkout,
        incident.start.getTime(),
        incident.end.getTime(),
      );
      const dayBefore = await errorRate(
        checkout,
        incident.start.getTime() - DAY,
        incident.end.getTime() - DAY,
      );
      expect(during).toBeGreaterThan(0.15);
      expect(dayBefore).toBeLessThan(0.01);

      const payments = prodService('payments-gateway');
      const bad = server.scenario.windows.find(
        w => w.kind === 'bad-deployment' && w.serviceId === payments.id,
      )!;
      expect(bad.start.getTime()).toBeGreaterThan(now.getTime() - 4 * DAY);
      expect(
        await errorRate(payments, bad.start.getTime(), bad.end.getTime()),
      ).toBeGreaterThan(0.3);
      expect(
        await errorRate(
          payments,
          bad.end.getTime() + 10 * MINUTE,
          bad.end.getTime() + 70 * MINUTE,
        ),
      ).toBeLessThan(0.01);
      // Hourly datapoints still show the 38-minute bad deployment.
      const hourly = await cloudwatch({ accountId: PROD }).send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            albQuery(
              'errors',
              payments,
              'HTTPCode_Target_5XX_Count',
              'Sum',
              3600,
            ),
            albQuery('requests', payments, 'RequestCount', 'Sum', 3600),
            {
              Id: 'rate',
              Expression: '100 * errors / requests',
              Label: 'Error %',
            },
          ],
          StartTime: new Date(now.getTime() - 4 * DAY),
          EndTime: now,
          ScanBy: 'TimestampAscending',
        }),
      );
      const rate = hourly.MetricDataResults!.find(r => r.Id === 'rate')!;
      const peak = Math.max(...rate.Values!);
      const peakAt = rate.Timestamps![rate.Values!.indexOf(peak)].getTime();
      expect(peak).toBeGreaterThan(10);
      expect(Math.abs(peakAt - bad.start.getTime())).toBeLessThan(HOUR);
      expect(rate.Label).toBe('Error %');
    });

    it('degrades the metrics after an UpdateService to a bad image, until it is replaced', async () => {
      const checkout = prodService('checkout-api');
      const ecs = new ECSClient(
        sandboxClientConfig(server, { accountId: PROD }),
      );
      clients.push(ecs);
      const deploy = async (tag: string) => {
        const registered = await ecs.send(
          new RegisterTaskDefinitionCommand({
            family: 'checkout-api-prod',
            containerDefinitions: [
              {
                name: 'checkout-api',
                memory: 1024,
                image: `${PROD}.dkr.ecr.eu-west-1.amazonaws.com/checkout-api:${tag}`,
              },
            ],
          }),
        );
        await ecs.send(
          new UpdateServiceCommand({
            cluster: 'prod-apps',
            service: 'checkout-api',
            taskDefinition: registered.taskDefinition!.taskDefinitionArn,
          }),
        );
      };
      const before = await errorRate(
        checkout,
        now.getTime() - 10 * MINUTE,
        now.getTime(),
      );
      const alarm = async () =>
        (
          await cloudwatch({ accountId: PROD }).send(
            new DescribeAlarmsCommand({
              AlarmNames: ['checkout-api-prod-error-rate'],
            }),
          )
        ).MetricAlarms![0];
      expect((await alarm()).StateValue).toBe('OK');

      const deployedAt = now.getTime();
      await deploy('7.0.0-bad');
      now = new Date(deployedAt + 10 * MINUTE);
      const after = await errorRate(
        checkout,
        deployedAt + MINUTE,
        now.getTime(),
      );
      expect(before).toBeLessThan(0.01);
      expect(after).toBeGreaterThan(0.25);
      const alarmed = await alarm();
      expect(alarmed.StateValue).toBe('ALARM');
      expect(alarmed.StateUpdatedTimestamp).toEqual(new Date(deployedAt));

      const fixedAt = now.getTime();
      await deploy('7.0.1');
      now = new Date(fixedAt + 10 * MINUTE);
      expect(
        await errorRate(checkout, fixedAt + MINUTE, now.getTime()),
      ).toBeLessThan(0.01);
      expect((await alarm()).StateValue).toBe('OK');
      // The past stays as it was.
      expect(
        await errorRate(checkout, deployedAt + MINUTE, fixedAt),
      ).toBeGreaterThan(0.25);
    });

    it("counts the load balancer's own 5xx only while no task runs", async () => {
      const checkout = prodService('checkout-api');
      const ecs = new ECSClient(
        sandboxClientConfig(server, { accountId: PROD }),
      );
      clients.push(ecs);
      const scaledAt = now.getTime();
      expect(
        await sumOf(
          checkout,
          'HTTPCode_ELB_5XX_Count',
          scaledAt - HOUR,
          scaledAt,
        ),
      ).toBe(0);

      await ecs.send(
        new UpdateServiceCommand({
          cluster: 'prod-apps',
          service: 'checkout-api',
          desiredCount: 0,
        }),
      );
      now = new Date(scaledAt + 30 * MINUTE);
      const from = scaledAt + 10 * MINUTE;
      const to = now.getTime();
      const requests = await sumOf(checkout, 'RequestCount', from, to);
      expect(requests).toBeGreaterThan(0);
      expect(await sumOf(checkout, 'HTTPCode_ELB_5XX_Count', from, to)).toBe(
        requests,
      );
    });

    it('answers 500 queries over a day at 60 s quickly and pages by MaxDatapoints', async () => {
      const services = server.scenario.services.filter(
        s =>
          s.accountId === PROD && s.region === 'eu-west-1' && s.targetGroupArn,
      );
      const metricNames = [
        'RequestCount',
        'HTTPCode_Target_5XX_Count',
        'TargetResponseTime',
      ];
      const queries: MetricDataQuery[] = Array.from({ length: 500 }, (_, i) =>
        albQuery(
          `q${i}`,
          services[i % services.length],
          metricNames[i % metricNames.length],
          i % 3 === 2 ? 'Average' : 'Sum',
        ),
      );
      const client = cloudwatch({ accountId: PROD });
      const request = (NextToken?: string) =>
        client.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: new Date(now.getTime() - DAY),
            EndTime: now,
            NextToken,
          }),
        );
      expect(await serverTime(server, wire(queries))).toBeLessThan(1000);
      const first = await request();
      const count = (page: typeof first) =>
        page.MetricDataResults!.reduce((n, r) => n + r.Values!.length, 0);
      expect(count(first)).toBe(100_800);
      // 1,440 datapoints per query: the first page holds exactly 70 whole queries.
      expect(first.MetricDataResults).toHaveLength(70);
      expect(first.NextToken).toBeDefined();
      let total = count(first);
      let token = first.NextToken;
      const seen = new Set<string>();
      while (token) {
        const page = await request(token);
        total += count(page);
        page.MetricDataResults!.forEach(r => seen.add(r.Id!));
        token = page.NextToken;
      }
      expect(total).toBe(500 * 1440);
      expect(seen.has('q499')).toBe(true);
    }, 30_000);

    it('pages a small MaxDatapoints, in either scan order', async () => {
      const service = prodService('catalog-api');
      const client = cloudwatch({ accountId: PROD });
      const base = {
        MetricDataQueries: [
          albQuery('a', service, 'RequestCount', 'Sum'),
          albQuery('b', service, 'TargetResponseTime', 'Average'),
        ],
        StartTime: new Date(now.getTime() - 10 * MINUTE),
        EndTime: now,
        MaxDatapoints: 7,
      };
      const collect = async (
        ScanBy: 'TimestampAscending' | 'TimestampDescending',
      ) => {
        const byId: Record<string, number[]> = { a: [], b: [] };
        let NextToken: string | undefined;
        let pages = 0;
        do {
          const page = await client.send(
            new GetMetricDataCommand({ ...base, ScanBy, NextToken }),
          );
          pages += 1;
          for (const r of page.MetricDataResults!) {
            byId[r.Id!].push(...r.Timestamps!.map(t => t.getTime()));
          }
          NextToken = page.NextToken;
        } while (NextToken);
        return { byId, pages };
      };
      const ascending = await collect('TimestampAscending');
      const descending = await collect('TimestampDescending');
      expect(ascending.pages).toBe(3);
      expect(ascending.byId.a).toHaveLength(10);
      expect(ascending.byId.b).toHaveLength(10);
      expect(ascending.byId.a).toEqual(
        [...ascending.byId.a].sort((x, y) => x - y),
      );
      expect(descending.byId.a).toEqual([...ascending.byId.a].reverse());
      await expect(
        client.send(new GetMetricDataCommand({ ...base, NextToken: 'forged' })),
      ).rejects.toMatchObject({ name: 'InvalidNextToken' });
    });

    it('refuses more than 500 queries and malformed ones with CloudWatch errors', async () => {
      const service = prodService('catalog-api');
      const client = cloudwatch({ accountId: PROD });
      const window = {
        StartTime: new Date(now.getTime() - HOUR),
        EndTime: now,
      };
      await expect(
        client.send(
          new GetMetricDataCommand({
            MetricDataQueries: Array.from({ length: 501 }, (_, i) =>
              albQuery(`q${i}`, service, 'RequestCount', 'Sum'),
            ),
            ...window,
          }),
        ),
      ).rejects.toMatchObject({
        name: 'ValidationException',
        message:
          'The collection MetricDataQueries must not have a size greater than 500.',
      });
      await expect(
        client.send(
          new GetMetricDataCommand({
            MetricDataQueries: [
              albQuery('m', service, 'RequestCount', 'Sum', 61),
            ],
            ...window,
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
      await expect(
        client.send(
          new GetMetricDataCommand({
            MetricDataQueries: [albQuery('m', service, 'RequestCount', 'Sum')],
            StartTime: now,
            EndTime: new Date(now.getTime() - HOUR),
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
      await expect(
        client.send(
          new GetMetricDataCommand({
            MetricDataQueries: [{ Id: 'e', Expression: 'm1 / nope' }],
            ...window,
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });

    it('answers an empty series for metrics it does not know, and only in the right account', async () => {
      const service = prodService('catalog-api');
      const out = await cloudwatch().send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            albQuery('wrongaccount', service, 'RequestCount', 'Sum'),
            {
              Id: 'unknown',
              MetricStat: {
                Metric: { Namespace: 'AWS/Lambda', MetricName: 'Invocations' },
                Period: 60,
                Stat: 'Sum',
              },
            },
          ],
          StartTime: new Date(now.getTime() - HOUR),
          EndTime: now,
        }),
      );
      expect(out.MetricDataResults!.map(r => r.Values)).toEqual([[], []]);
    });

    it('publishes ALB metrics per target group and load balancer, never per target group alone', async () => {
      const service = prodService('checkout-api');
      const withDimensions = (
        id: string,
        dimensions: Record<string, string>,
      ): MetricDataQuery => ({
        Id: id,
        MetricStat: {
          Metric: {
            Namespace: 'AWS/ApplicationELB',
            MetricName: 'RequestCount',
            Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({
              Name,
              Value,
            })),
          },
          Period: 60,
          Stat: 'Sum',
        },
      });
      const targetGroup = targetGroupDimension(service.targetGroupArn!);
      const loadBalancer = loadBalancerDimension(service.loadBalancerArn!);
      expect(loadBalancer).toMatch(/^app\/shipyard-prod\/[0-9a-f]{16}$/);
      const stagingLoadBalancer = loadBalancerDimension(
        server.scenario.loadBalancers.find(lb => lb.environment === 'staging')!
          .arn,
      );
      const out = await cloudwatch({ accountId: PROD }).send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            withDimensions('both', {
              TargetGroup: targetGroup,
              LoadBalancer: loadBalancer,
            }),
            withDimensions('targetgroup', { TargetGroup: targetGroup }),
            withDimensions('wronglb', {
              TargetGroup: targetGroup,
              LoadBalancer: stagingLoadBalancer,
            }),
            withDimensions('zone', {
              TargetGroup: targetGroup,
              LoadBalancer: loadBalancer,
              AvailabilityZone: 'eu-west-1a',
            }),
          ],
          StartTime: new Date(now.getTime() - HOUR),
          EndTime: now,
        }),
      );
      const values = Object.fromEntries(
        out.MetricDataResults!.map(r => [r.Id, r.Values]),
      );
      expect(values.both!.length).toBeGreaterThan(50);
      expect(values).toMatchObject({
        targetgroup: [],
        wronglb: [],
        zone: [],
      });
      expect(
        out.MetricDataResults!.every(r => r.StatusCode === 'Complete'),
      ).toBe(true);
    });

    it('generates metrics for a 1,000-service scenario without slowing down', async () => {
      const big = await start({ scale: 112 });
      try {
        const services = big.scenario.services.filter(
          s =>
            s.accountId === PROD &&
            s.region === 'eu-west-1' &&
            s.targetGroupArn,
        );
        expect(big.scenario.components.length).toBeGreaterThanOrEqual(1000);
        const client = cloudwatch({ accountId: PROD }, big);
        const queries = services
          .slice(-500)
          .map((s, i) => albQuery(`q${i}`, s, 'RequestCount', 'Sum', 300));
        expect(await serverTime(big, wire(queries))).toBeLessThan(1000);
        const out = await client.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: new Date(now.getTime() - DAY),
            EndTime: now,
          }),
        );
        expect(
          out.MetricDataResults!.every(r => r.Values!.length === 288),
        ).toBe(true);
      } finally {
        await big.close();
      }
    }, 30_000);

    it('throttles with Throttling when a fault is injected', async () => {
      server.faults.add({ service: 'cloudwatch', kind: 'throttle', count: 1 });
      await expect(
        cloudwatch({ maxAttempts: 1 }).send(new DescribeAlarmsCommand({})),
      ).rejects.toMatchObject({ name: 'Throttling' });
    });
  });

  describe('DescribeAlarms', () => {
    it('lists the alarms of the account and region by name, paginated', async () => {
      const client = cloudwatch({ accountId: PROD });
      const names: string[] = [];
      for await (const page of paginateDescribeAlarms(
        { client, pageSize: 7 },
        { MaxRecords: 7 },
      )) {
        expect(page.MetricAlarms!.length).toBeLessThanOrEqual(7);
        names.push(...page.MetricAlarms!.map(a => a.AlarmName!));
      }
      const expected = server.scenario.services
        .filter(s => s.accountId === PROD && s.region === 'eu-west-1')
        .flatMap(s => s.alarms.map(a => a.name))
        .sort();
      expect(names).toEqual(expected);
      await expect(
        client.send(new DescribeAlarmsCommand({ MaxRecords: 101 })),
      ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
      await expect(
        client.send(new DescribeAlarmsCommand({ NextToken: 'forged' })),
      ).rejects.toMatchObject({ name: 'InvalidNextToken' });
    });

    it('filters by names, prefix and state; the incident puts its alarms in ALARM', async () => {
      const incident = server.scenario.windows.find(
        w => w.kind === 'incident',
      )!;
      const client = cloudwatch({ accountId: PROD });
      const byPrefix = await client.send(
        new DescribeAlarmsCommand({ AlarmNamePrefix: 'checkout-api-prod-' }),
      );
      expect(byPrefix.MetricAlarms!.map(a => a.AlarmName)).toEqual([
        'checkout-api-prod-cpu',
        'checkout-api-prod-error-rate',
        'checkout-api-prod-latency',
      ]);
      expect(byPrefix.MetricAlarms!.every(a => a.StateValue === 'OK')).toBe(
        true,
      );
      expect(
        (await client.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' })))
          .MetricAlarms,
      ).toEqual([]);

      now = new Date(incident.start.getTime() + 20 * MINUTE);
      const alarmed = await client.send(
        new DescribeAlarmsCommand({ StateValue: 'ALARM' }),
      );
      expect(alarmed.MetricAlarms!.map(a => a.AlarmName)).toEqual([
        'checkout-api-prod-error-rate',
        'checkout-api-prod-latency',
      ]);
      const checkout = prodService('checkout-api');
      expect(alarmed.MetricAlarms![0]).toMatchObject({
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'HTTPCode_Target_5XX_Count',
        Dimensions: [
          {
            Name: 'TargetGroup',
            Value: targetGroupDimension(checkout.targetGroupArn!),
          },
          {
            Name: 'LoadBalancer',
            Value: loadBalancerDimension(checkout.loadBalancerArn!),
          },
        ],
        StateUpdatedTimestamp: incident.start,
        ComparisonOperator: 'GreaterThanThreshold',
      });
      const named = await client.send(
        new DescribeAlarmsCommand({
          AlarmNames: [
            'ledger-service-prod-latency',
            'checkout-api-prod-latency',
            'ghost',
          ],
        }),
      );
      expect(named.MetricAlarms!.map(a => [a.AlarmName, a.StateValue])).toEqual(
        [
          ['checkout-api-prod-latency', 'ALARM'],
          ['ledger-service-prod-latency', 'OK'],
        ],
      );
      await expect(
        client.send(
          new DescribeAlarmsCommand({
            AlarmNames: ['a'],
            AlarmNamePrefix: 'a',
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterCombinationException' });
    });
  });
});
