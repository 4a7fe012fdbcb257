import {
  CloudWatchClient,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  createSandboxServer,
  sandboxClientConfig,
  SandboxServer,
  ScenarioService,
} from 'sandbox';
import { MinuteCount } from '../database/AvailabilityStore';
import { detectIncidents } from './detectIncidents';
import { DAY, HOUR, MINUTE } from './time';

/**
 * The incident rule against the sandbox's generated metrics, read as the
 * collector reads them (GetMetricData, Sum per minute; good = requests − target
 * 5xx): the seeded incident and bad deployment are found to within 5 minutes,
 * and healthy services, whose baseline error ratio is 0.1 to 0.3 % with
 * per-minute noise, have none.
 */
// Three days of minutes of every healthy service through GetMetricData: about
// a second alone, far more on a loaded CI machine.
jest.setTimeout(60_000);

describe('detectIncidents against the sandbox metrics', () => {
  let server: SandboxServer;

  beforeAll(async () => {
    server = await createSandboxServer({ port: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  async function requestMinutes(
    service: ScenarioService,
    from: number,
    to: number,
  ): Promise<MinuteCount[]> {
    const client = new CloudWatchClient(
      sandboxClientConfig(server, {
        accountId: service.accountId,
        region: service.region,
      }),
    );
    const dimensions = [
      {
        Name: 'TargetGroup',
        Value: service.targetGroupArn!.slice(
          service.targetGroupArn!.indexOf('targetgroup/'),
        ),
      },
      {
        Name: 'LoadBalancer',
        Value: service.loadBalancerArn!.slice(
          service.loadBalancerArn!.indexOf('loadbalancer/') +
            'loadbalancer/'.length,
        ),
      },
    ];
    const query = (id: string, metricName: string) => ({
      Id: id,
      MetricStat: {
        Metric: {
          Namespace: 'AWS/ApplicationELB',
          MetricName: metricName,
          Dimensions: dimensions,
        },
        Period: 60,
        Stat: 'Sum',
      },
    });
    const values = new Map<string, Map<number, number>>();
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new GetMetricDataCommand({
          StartTime: new Date(from),
          EndTime: new Date(to),
          ScanBy: 'TimestampAscending',
          NextToken: nextToken,
          MetricDataQueries: [
            query('requests', 'RequestCount'),
            query('errors', 'HTTPCode_Target_5XX_Count'),
          ],
        }),
      );
      for (const result of page.MetricDataResults ?? []) {
        const series = values.get(result.Id!) ?? new Map();
        result.Timestamps?.forEach((t, i) =>
          series.set(t.getTime(), result.Values![i]),
        );
        values.set(result.Id!, series);
      }
      nextToken = page.NextToken;
    } while (nextToken);
    client.destroy();
    const errors = values.get('errors') ?? new Map();
    return [...(values.get('requests') ?? new Map()).entries()].map(
      ([start, total]) => ({
        start,
        // A missing 5xx datapoint with requests present is 0 errors.
        good: total - (errors.get(start) ?? 0),
        total,
      }),
    );
  }

  it.each(['incident', 'bad-deployment'] as const)(
    'finds the scenario’s %s with its start and end',
    async kind => {
      const window = server.scenario.windows.find(w => w.kind === kind)!;
      const service = server.scenario.services.find(
        s => s.id === window.serviceId,
      )!;
      const start = window.start.getTime();
      const end = window.end.getTime();
      const minutes = await requestMinutes(
        service,
        Math.floor(start / HOUR) * HOUR - 6 * HOUR,
        Math.floor(end / HOUR) * HOUR + 6 * HOUR,
      );
      const incidents = detectIncidents(minutes, 99.9);
      expect(incidents).toHaveLength(1);
      const [incident] = incidents;
      expect(Math.abs(incident.start - start)).toBeLessThanOrEqual(5 * MINUTE);
      expect(Math.abs(incident.end! - end)).toBeLessThanOrEqual(5 * MINUTE);
      // Most of the incident's requests are good: a share failed.
      expect(1 - incident.good / incident.total).toBeGreaterThan(
        window.errorRate * 0.8,
      );
    },
  );

  it('finds none in three days of the healthy services in prod and staging', async () => {
    const withWindows = new Set(server.scenario.windows.map(w => w.serviceId));
    const healthy = server.scenario.services.filter(
      s =>
        s.targetGroupArn &&
        s.tier !== 'dev' &&
        !withWindows.has(s.id) &&
        !s.deployments.some(d => d.imageTag.includes('bad')),
    );
    expect(healthy.length).toBeGreaterThan(3);
    const to = Math.floor(Date.now() / MINUTE) * MINUTE;
    for (const service of healthy) {
      const minutes = await requestMinutes(service, to - 3 * DAY, to);
      expect(minutes.length).toBeGreaterThan(0);
      const target = service.tier === 'prod' ? 99.9 : 99;
      expect({
        service: service.id,
        incidents: detectIncidents(minutes, target, { until: to }),
      }).toEqual({ service: service.id, incidents: [] });
    }
  });
});
