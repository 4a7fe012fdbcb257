import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataCommandInput,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import {
  DescribeTargetGroupsCommand,
  DescribeTargetGroupsCommandInput,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { LocatedResources } from '@internal/plugin-aws-common';
import {
  AWS_LIMITS,
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import { mockClient } from 'aws-sdk-client-mock';
import { sandboxPortalConfig } from 'sandbox';
import { applyDatabaseMigrations } from '../database/applyDatabaseMigrations';
import { DefaultAvailabilityStore } from '../database/DefaultAvailabilityStore';
import { AvailabilitySeries } from '../database/AvailabilityStore';
import { AvailabilitySummarizer } from '../service/AvailabilitySummarizer';
import { ObjectiveResolver } from '../service/ObjectiveResolver';
import {
  AfterAvailabilityCycle,
  AvailabilityCycle,
  AvailabilityTargets,
  collectAvailability,
} from './collectAvailability';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NOW = Date.parse('2026-12-01T12:00:30Z');
const PROD = '222222222222';
const REGION = 'eu-west-1';
const LOAD_BALANCER = `arn:aws:elasticloadbalancing:${REGION}:${PROD}:loadbalancer/app/shared-prod/50dc6c495c0c9188`;

const name = (i: number) => `svc-${String(i).padStart(4, '0')}`;
const targetGroupArn = (n: string) =>
  `arn:aws:elasticloadbalancing:${REGION}:${PROD}:targetgroup/${n}-prod/${'0'.repeat(
    16,
  )}`;

function entity(n: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: n,
      annotations: {
        'shipyard.io/runtime': 'ecs',
        'shipyard.io/environments': 'prod',
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

/** Requests per minute of a service: 100–149, none in some minutes. */
function requestsAt(service: string, minute: number): number | undefined {
  const m = minute / MINUTE;
  if (m % 97 === 0) {
    return undefined;
  }
  return 100 + ((m + service.length * 7) % 50);
}

/** Where svc-0001 fails every request (its incidents); set per test. */
let outages: Array<{ start: number; end: number }> = [];

/** 5XX per minute: absent (no errors) in most minutes. */
function errorsAt(service: string, minute: number): number | undefined {
  if (
    service === name(1) &&
    outages.some(o => minute >= o.start && minute < o.end)
  ) {
    return requestsAt(service, minute);
  }
  const m = minute / MINUTE;
  return m % 5 === 0 ? 3 : undefined;
}

function perMinute(metric: string, service: string, minute: number) {
  if (metric === 'HTTPCode_ELB_5XX_Count') {
    // The load balancer's own 5xx: none while targets run.
    return undefined;
  }
  return metric === 'RequestCount'
    ? requestsAt(service, minute)
    : errorsAt(service, minute);
}

describe('collectAvailability', () => {
  const cloudWatch = mockClient(CloudWatchClient);
  const elb = mockClient(ElasticLoadBalancingV2Client);
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let factory: DefaultAwsClientFactory;

  afterEach(() => {
    cloudWatch.reset();
    elb.reset();
    factory?.destroy();
    outages = [];
    jest.restoreAllMocks();
  });

  /**
   * A CloudWatch that answers every query from perMinute (Sum over the
   * period), records each call and fails the calls `fail` says.
   */
  function serveMetrics(
    fail: (callIndex: number) => boolean = () => false,
    failure: () => Error = () =>
      Object.assign(new Error('User is not authorized to GetMetricData'), {
        name: 'AccessDeniedException',
        $fault: 'client',
      }),
  ) {
    const calls: GetMetricDataCommandInput[] = [];
    cloudWatch
      .on(GetMetricDataCommand)
      .callsFake((input: GetMetricDataCommandInput) => {
        calls.push(input);
        if (fail(calls.length - 1)) {
          throw failure();
        }
        const start = input.StartTime!.getTime();
        const end = input.EndTime!.getTime();
        const results: MetricDataResult[] = input.MetricDataQueries!.map(q => {
          const period = q.MetricStat!.Period! * 1000;
          const metric = q.MetricStat!.Metric!.MetricName!;
          const group = q.MetricStat!.Metric!.Dimensions!.find(
            d => d.Name === 'TargetGroup',
          )!.Value!;
          const service = group.split('/')[1].replace(/-prod$/, '');
          const timestamps: Date[] = [];
          const values: number[] = [];
          for (let t = start; t < end; t += period) {
            let sum: number | undefined;
            for (let m = t; m < t + period; m += MINUTE) {
              const v = perMinute(metric, service, m);
              if (v !== undefined) {
                sum = (sum ?? 0) + v;
              }
            }
            if (sum !== undefined) {
              timestamps.push(new Date(t));
              values.push(sum);
            }
          }
          return {
            Id: q.Id,
            Timestamps: timestamps,
            Values: values,
            StatusCode: 'Complete',
          };
        });
        return { MetricDataResults: results };
      });
    return calls;
  }

  function serveTargetGroups() {
    const calls: DescribeTargetGroupsCommandInput[] = [];
    elb
      .on(DescribeTargetGroupsCommand)
      .callsFake((input: DescribeTargetGroupsCommandInput) => {
        calls.push(input);
        return {
          TargetGroups: input.TargetGroupArns!.map(arn => ({
            TargetGroupArn: arn,
            LoadBalancerArns: [LOAD_BALANCER],
          })),
        };
      });
    return calls;
  }

  async function setUp(count: number) {
    const knex = await databases.init('SQLITE_3');
    await applyDatabaseMigrations(knex);
    const store = DefaultAvailabilityStore.create({ knex });
    const config = new ConfigReader(sandboxPortalConfig());
    factory = DefaultAwsClientFactory.fromConfig(config, {
      counter: DefaultAwsCallCounter.create(),
    });
    const names = Array.from({ length: count }, (_, i) => name(i));
    const catalog = catalogServiceMock({ entities: names.map(entity) });
    const environments = DefaultShipyardEnvironments.fromConfig(config);
    const cycles: AvailabilityCycle[] = [];
    const run = (
      options: {
        now?: number;
        backfillMs?: number;
        signal?: AbortSignal;
        afterCycle?: AfterAvailabilityCycle;
        incidentTargets?: AvailabilityTargets;
      } = {},
    ) =>
      collectAvailability({
        auth: mockServices.auth(),
        catalog,
        environments,
        locator: {
          locateMany: async (components, environment) =>
            new Map(
              components.map(c => [
                c.componentTagValue,
                {
                  environment,
                  componentTagValue: c.componentTagValue,
                  ecsServices: [],
                  eksWorkloads: [],
                  alarms: [],
                  targetGroups: [
                    {
                      arn: targetGroupArn(c.componentTagValue),
                      name: `${c.componentTagValue}-prod`,
                      accountId: PROD,
                      region: REGION,
                    },
                  ],
                } satisfies LocatedResources,
              ]),
            ),
        },
        clientFactory: factory,
        store,
        logger: mockServices.logger.mock(),
        backfillMs: options.backfillMs ?? 3 * HOUR,
        minuteRetentionMs: 3 * DAY,
        hourRetentionMs: 95 * DAY,
        afterCycle: async cycle => {
          cycles.push(cycle);
          await options.afterCycle?.(cycle);
        },
        incidentTargets: options.incidentTargets,
        signal: options.signal,
        now: () => new Date(options.now ?? NOW),
      });
    return { store, run, cycles, knex, config, catalog, environments };
  }

  /** What the store should hold for a service's minute. */
  function expected(service: string, minute: number) {
    const requests = requestsAt(service, minute);
    if (requests === undefined) {
      return undefined;
    }
    return {
      start: minute,
      good: requests - (errorsAt(service, minute) ?? 0),
      total: requests,
    };
  }

  it('reads 600 request series (1,800 queries, 3 per series kept in one call) in 4 calls of at most 500 queries per time slice, and asks for load balancers once', async () => {
    const { store, run, cycles } = await setUp(600);
    const describes = serveTargetGroups();
    const calls = serveMetrics();

    await run();
    // One slice covers the 3-hour backfill: 201 minutes × 498 queries fit.
    expect(calls.map(c => c.MetricDataQueries!.length)).toEqual([
      498, 498, 498, 306,
    ]);
    expect(describes.map(d => d.TargetGroupArns!.length)).toEqual(
      Array.from(
        { length: 30 },
        () => AWS_LIMITS.elbv2DescribeTargetGroupsArns,
      ),
    );
    for (const call of calls) {
      expect(call.ScanBy).toBe('TimestampAscending');
      expect(call.MetricDataQueries![0].MetricStat!.Metric!.Dimensions).toEqual(
        [
          {
            Name: 'TargetGroup',
            Value: expect.stringMatching(/^targetgroup\//),
          },
          { Name: 'LoadBalancer', Value: 'app/shared-prod/50dc6c495c0c9188' },
        ],
      );
    }

    // Five minutes later: one slice again, from a little before the cursor.
    await run({ now: NOW + 5 * MINUTE });
    expect(calls.slice(4).map(c => c.MetricDataQueries!.length)).toEqual([
      498, 498, 498, 306,
    ]);
    expect(calls[4].StartTime).toEqual(
      new Date(NOW - (NOW % MINUTE) - 2 * MINUTE - 5 * MINUTE),
    );
    expect(calls[4].EndTime).toEqual(
      new Date(NOW + 5 * MINUTE - (NOW % MINUTE) - 2 * MINUTE),
    );
    // Load balancers come from the stored series now.
    expect(describes).toHaveLength(30);

    const series = await store.listSeries();
    expect(series).toHaveLength(600);
    expect(cycles).toHaveLength(2);
    expect(cycles[1].series.map(s => s.collectedUntil)).toEqual(
      series.map(() => calls[4].EndTime),
    );
  });

  it('keeps every call within 500 queries and 100,800 datapoints over a long backfill, per hour before 1-minute data', async () => {
    const { store, run } = await setUp(3);
    serveTargetGroups();
    const calls = serveMetrics();

    await run({ backfillMs: 20 * DAY });
    const points = (c: GetMetricDataCommandInput) =>
      c.MetricDataQueries!.length *
      Math.ceil(
        (c.EndTime!.getTime() - c.StartTime!.getTime()) /
          (c.MetricDataQueries![0].MetricStat!.Period! * 1000),
      );
    for (const call of calls) {
      expect(call.MetricDataQueries!.length).toBeLessThanOrEqual(500);
      expect(points(call)).toBeLessThanOrEqual(100_800);
    }
    const periods = calls.map(c => c.MetricDataQueries![0].MetricStat!.Period);
    // Hours first, then minutes: 14 days of minutes in 2 slices of 16,800.
    expect(periods).toEqual([3600, 60, 60]);

    const [s] = await store.listSeries();
    const minuteStart = NOW - (NOW % HOUR) - 14 * DAY;
    const hours = (
      await store.readBuckets([s.id], NOW - 20 * DAY, minuteStart)
    ).get(s.id)!;
    expect(hours.length).toBeGreaterThan(100);
    expect(hours.every(b => b.minutes === 60)).toBe(true);
    // An hour row holds CloudWatch's hourly sum.
    let total = 0;
    for (let m = hours[0].start; m < hours[0].start + HOUR; m += MINUTE) {
      total += requestsAt(s.entityRef.split('/')[1], m) ?? 0;
    }
    expect(hours[0].total).toBe(total);
  });

  it('stores good = requests − 5XX, a missing 5XX as no errors and a missing RequestCount as no data', async () => {
    const { store, run } = await setUp(1);
    serveTargetGroups();
    serveMetrics();
    await run({ backfillMs: 3 * HOUR });
    const [s] = await store.listSeries();
    const end = NOW - (NOW % MINUTE) - 2 * MINUTE;
    const from = NOW - (NOW % HOUR) - 3 * HOUR;
    const buckets = (await store.readBuckets([s.id], from, end)).get(s.id)!;
    const wanted = [];
    for (let m = from; m < end; m += MINUTE) {
      const e = expected(name(0), m);
      if (e) {
        wanted.push({ ...e, minutes: 1, dataMinutes: 1 });
      }
    }
    expect(buckets).toEqual(wanted);
    // Some minutes had no RequestCount, some no 5XX.
    expect(wanted.length).toBeLessThan((end - from) / MINUTE);
    expect(wanted.some(w => w.good === w.total)).toBe(true);
    expect(wanted.some(w => w.good < w.total)).toBe(true);
  });

  it('waits and calls again while CloudWatch throttles beyond the SDK retries, and completes', async () => {
    const { store, run } = await setUp(4);
    serveTargetGroups();
    // Calls 1 and 2 are throttled (as after the SDK's own attempts); the
    // collector waits what AWS asks (here nothing) and calls again.
    const calls = serveMetrics(
      i => i === 1 || i === 2,
      () =>
        Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
          $fault: 'client',
          $response: { statusCode: 400, headers: { 'retry-after': '0' } },
        }),
    );
    await run({ backfillMs: 16 * DAY });
    const periods = calls.map(c => c.MetricDataQueries![0].MetricStat!.Period);
    // The throttled minute slice is asked three times, then the rest.
    expect(periods.slice(0, 4)).toEqual([3600, 60, 60, 60]);
    expect(calls[2].StartTime).toEqual(calls[1].StartTime);
    expect(calls[3].StartTime).toEqual(calls[1].StartTime);
    const series = await store.listSeries();
    const until = NOW - (NOW % MINUTE) - 2 * MINUTE;
    expect(series.map(s => s.collectedUntil?.getTime())).toEqual(
      series.map(() => until),
    );
  });

  it('resumes after a failed call without losing or double-counting a minute', async () => {
    const { store, run } = await setUp(4);
    serveTargetGroups();
    // 4 series: 8 queries, 12,600 minutes per slice. The second minute slice fails.
    let failing = true;
    const calls = serveMetrics(i => failing && i === 2);
    await expect(run({ backfillMs: 16 * DAY })).rejects.toThrow(
      /4 series could not be read/,
    );
    expect(calls.map(c => c.MetricDataQueries![0].MetricStat!.Period)).toEqual([
      3600, 60, 60,
    ]);
    const afterFailure = await store.listSeries();
    expect(afterFailure.map(s => s.collectedUntil)).toEqual(
      afterFailure.map(() => calls[2].StartTime),
    );

    failing = false;
    const later = NOW + 10 * MINUTE;
    await run({ now: later, backfillMs: 16 * DAY });
    // From the cursor: days old, so not read again (its minutes before it
    // are pruned by now, and were settled when read).
    expect(calls[3].StartTime).toEqual(calls[2].StartTime);

    const minuteStart = NOW - (NOW % HOUR) - 14 * DAY;
    const end = later - (later % MINUTE) - 2 * MINUTE;
    const series = await store.listSeries();
    const days = await store.readDays(
      series.map(s => s.id),
      minuteStart,
      end,
    );
    for (const s of series) {
      const service = s.entityRef.split('/')[1];
      // The day sums equal the generated minutes from the first day on
      // that holds minutes only, to the end.
      const firstFullDay = minuteStart - (minuteStart % DAY) + DAY;
      for (const day of days.get(s.id)!.filter(d => d.start >= firstFullDay)) {
        let good = 0;
        let total = 0;
        let dataMinutes = 0;
        for (
          let m = day.start;
          m < Math.min(day.start + DAY, end);
          m += MINUTE
        ) {
          const e = expected(service, m);
          if (e) {
            good += e.good;
            total += e.total;
            dataMinutes += 1;
          }
        }
        expect([day.good, day.total, day.dataMinutes]).toEqual([
          good,
          total,
          dataMinutes,
        ]);
      }
      expect(s.collectedUntil).toEqual(new Date(end));
    }
  });

  it('hands the summarizer the series and where their data changed, then prunes by retention', async () => {
    const { store, run, cycles, knex } = await setUp(2);
    serveTargetGroups();
    serveMetrics();
    await run({ backfillMs: 5 * DAY });
    const series = await store.listSeries();
    expect(cycles).toHaveLength(1);
    expect(cycles[0].series.map(s => s.id)).toEqual(series.map(s => s.id));
    const backfillStart = NOW - (NOW % HOUR) - 5 * DAY;
    expect([...cycles[0].changedFrom.values()]).toEqual(
      series.map(() => new Date(backfillStart)),
    );
    const oldest = await knex('minutes').min('start as start').first();
    expect(Number(oldest!.start)).toBe(
      NOW - 3 * DAY - ((NOW - 3 * DAY) % HOUR),
    );
    const oldestHour = await knex('hours').min('start as start').first();
    expect(Number(oldestHour!.start)).toBe(backfillStart);
  });

  describe('a backfill longer than the minute retention', () => {
    // 12 series: 36 queries a call, so a minute slice is 2,800 minutes, which
    // ends 20 or 40 minutes into an hour.
    const SERIES = 12;
    const SLICE = 2800 * MINUTE;
    const minuteStart = NOW - (NOW % HOUR) - 14 * DAY;
    const keepFrom = NOW - 3 * DAY - ((NOW - 3 * DAY) % HOUR);
    const end = NOW - (NOW % MINUTE) - 2 * MINUTE;

    /** svc-0001 fails from a minute with data to one, as the collector sees it. */
    function expectedIncident(outage: { start: number; end: number }) {
      const withData = [];
      for (let m = outage.start; m < outage.end; m += MINUTE) {
        if (expected(name(1), m)) {
          withData.push(m);
        }
      }
      const start = withData[0];
      const stop = withData[withData.length - 1] + MINUTE;
      let good = 0;
      let total = 0;
      for (let m = start; m < stop; m += MINUTE) {
        good += expected(name(1), m)?.good ?? 0;
        total += expected(name(1), m)?.total ?? 0;
      }
      return { start: new Date(start), end: new Date(stop), good, total };
    }

    /** Every hour row from `from` to the end equals its generated minutes. */
    async function expectHourSums(
      knex: Awaited<ReturnType<typeof setUp>>['knex'],
      series: Array<{ id: number; entityRef: string }>,
      from: number,
      until = end,
    ) {
      for (const s of series) {
        const service = s.entityRef.split('/')[1];
        const rows = await knex('hours')
          .where('series_id', s.id)
          .andWhere('start', '>=', from)
          .orderBy('start');
        const wanted = [];
        for (let hour = from; hour < until; hour += HOUR) {
          let good = 0;
          let total = 0;
          let dataMinutes = 0;
          for (let m = hour; m < Math.min(hour + HOUR, until); m += MINUTE) {
            const e = expected(service, m);
            if (e) {
              good += e.good;
              total += e.total;
              dataMinutes += 1;
            }
          }
          wanted.push([hour, good, total, dataMinutes]);
        }
        expect(
          rows.map(r => [
            Number(r.start),
            Number(r.good),
            Number(r.total),
            Number(r.data_minutes),
          ]),
        ).toEqual(wanted);
      }
    }

    function summarizerOf(world: Awaited<ReturnType<typeof setUp>>) {
      return AvailabilitySummarizer.create({
        store: world.store,
        catalog: world.catalog,
        auth: mockServices.auth(),
        environments: world.environments,
        objectives: ObjectiveResolver.fromConfig(world.config),
        logger: mockServices.logger.mock(),
      });
    }

    it('stores no minute row before the retention cutoff (to the hour), and hour and day sums equal the minutes read', async () => {
      const world = await setUp(SERIES);
      const { store, run, knex } = world;
      serveTargetGroups();
      const calls = serveMetrics();
      let oldest: number | undefined;
      await run({
        backfillMs: 16 * DAY,
        afterCycle: async () => {
          // Before pruning: what the cycle wrote.
          const row = await knex('minutes').min('start as start').first();
          oldest = Number(row!.start);
        },
      });
      // Slices that end within an hour before the cutoff were read.
      expect(
        calls.some(
          c =>
            c.MetricDataQueries![0].MetricStat!.Period === 60 &&
            c.EndTime!.getTime() < keepFrom &&
            c.EndTime!.getTime() % HOUR !== 0,
        ),
      ).toBe(true);
      expect(oldest).toBeGreaterThanOrEqual(keepFrom);
      expect(oldest).toBeLessThan(keepFrom + 2 * MINUTE);

      const series = await store.listSeries();
      expect(series.map(s => s.collectedUntil)).toEqual(
        series.map(() => new Date(end)),
      );
      await expectHourSums(knex, series, minuteStart);
      const firstFullDay = minuteStart - (minuteStart % DAY) + DAY;
      const days = await store.readDays(
        series.map(s => s.id),
        firstFullDay,
        end,
      );
      for (const s of series) {
        const service = s.entityRef.split('/')[1];
        for (const day of days.get(s.id)!) {
          let good = 0;
          let total = 0;
          for (
            let m = day.start;
            m < Math.min(day.start + DAY, end);
            m += MINUTE
          ) {
            good += expected(service, m)?.good ?? 0;
            total += expected(service, m)?.total ?? 0;
          }
          expect([day.good, day.total]).toEqual([good, total]);
        }
      }
    });

    it('stores the incidents of the folded minutes, across slices and the cutoff, and they stay listed after the summarizer', async () => {
      // One across the boundary of two slices 10 days ago, one across the
      // retention cutoff.
      const boundary = minuteStart + 2 * SLICE;
      outages = [
        { start: boundary - 20 * MINUTE, end: boundary + 25 * MINUTE },
        { start: keepFrom - 20 * MINUTE, end: keepFrom + 20 * MINUTE },
      ];
      const world = await setUp(SERIES);
      serveTargetGroups();
      const calls = serveMetrics();
      let clock = NOW;
      jest.spyOn(Date, 'now').mockImplementation(() => clock);
      const summarizer = summarizerOf(world);
      const withSummarizer = {
        backfillMs: 16 * DAY,
        afterCycle: async (cycle: AvailabilityCycle) =>
          summarizer.summarize(cycle.series.map(s => s.id)),
        incidentTargets: (s: AvailabilitySeries[]) => summarizer.targets(s),
      };
      await world.run(withSummarizer);
      expect(calls.map(c => c.StartTime!.getTime())).toContain(boundary);

      const series = await world.store.listSeries();
      const failing = series.find(s => s.entityRef.endsWith(name(1)))!;
      const wanted = outages.map(o => ({
        seriesId: failing.id,
        ...expectedIncident(o),
      }));
      const listed = () =>
        world.store.listIncidents(
          series.map(s => s.id),
          new Date(NOW - 20 * DAY),
          new Date(NOW + DAY),
        );
      expect(await listed()).toEqual(wanted);

      // The next cycle: the old minutes are pruned, the summarizer runs again.
      clock = NOW + 5 * MINUTE;
      await world.run({ ...withSummarizer, now: clock });
      expect(await listed()).toEqual(wanted);
    });

    it('resumes a folding backfill that failed mid-incident without losing or double-counting an hour, and the incident whole', async () => {
      const boundary = minuteStart + 2 * SLICE;
      outages = [
        { start: boundary - 20 * MINUTE, end: boundary + 25 * MINUTE },
      ];
      const world = await setUp(SERIES);
      serveTargetGroups();
      // Call 0 reads the hours, 1 and 2 the first two minute slices; the
      // third, from the boundary, fails.
      let failing = true;
      const calls = serveMetrics(i => failing && i === 3);
      const summarizer = summarizerOf(world);
      jest.spyOn(Date, 'now').mockImplementation(() => NOW);
      const options = {
        backfillMs: 16 * DAY,
        incidentTargets: (s: AvailabilitySeries[]) => summarizer.targets(s),
      };
      await expect(world.run(options)).rejects.toThrow(
        /12 series could not be read/,
      );
      expect(calls[3].StartTime).toEqual(new Date(boundary));
      const stopped = await world.store.listSeries();
      // Held at an hour before the incident, which could still grow.
      for (const s of stopped) {
        expect(s.collectedUntil!.getTime() % HOUR).toBe(0);
        expect(s.collectedUntil!.getTime()).toBeLessThanOrEqual(
          outages[0].start,
        );
      }

      failing = false;
      const later = NOW + 10 * MINUTE;
      await world.run({ ...options, now: later });
      const series = await world.store.listSeries();
      const resumedAt = calls[4].StartTime!.getTime();
      expect(resumedAt).toBe(stopped[0].collectedUntil!.getTime());
      const failingSeries = series.find(s => s.entityRef.endsWith(name(1)))!;
      expect(
        await world.store.listIncidents(
          [failingSeries.id],
          new Date(NOW - 20 * DAY),
          new Date(NOW + DAY),
        ),
      ).toEqual([
        { seriesId: failingSeries.id, ...expectedIncident(outages[0]) },
      ]);
      await expectHourSums(
        world.knex,
        series,
        minuteStart,
        later - (later % MINUTE) - 2 * MINUTE,
      );
    });
  });

  it('stops at once when aborted', async () => {
    const { run } = await setUp(1);
    serveTargetGroups();
    const calls = serveMetrics();
    const controller = new AbortController();
    controller.abort();
    await expect(run({ signal: controller.signal })).rejects.toThrow();
    expect(calls).toHaveLength(0);
  });
});
