import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricDataCommandOutput,
  MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { LoggerService } from '@backstage/backend-plugin-api';
import { stringifyError } from '@backstage/errors';
import { AwsTarget } from '@internal/plugin-aws-common';
import {
  AWS_LIMITS,
  AwsClientFactory,
  AwsServiceUnavailableError,
  mapAwsError,
} from '@internal/plugin-aws-node';
import { SliSource } from '../database/AvailabilityStore';

/** One series to read from `from` on. */
export interface CountsPlan {
  seriesId: number;
  source: SliSource;
  /** Aligned to the period. */
  from: number;
}

/** Good/total of one period of one series, as the store takes it. */
export interface PeriodCount {
  start: number;
  good: number;
  total: number;
  /** Minutes of the period with data: the period's minutes for a row. */
  dataMinutes: number;
}

/** One time slice read for the series that were read in full. */
export interface CountsSlice {
  /** The slice's end: the series' cursor once stored. */
  until: number;
  /** Per series id; a series without data in the slice has an empty list. */
  counts: Map<number, PeriodCount[]>;
}

type Role = 'requests' | 'errors' | 'elbErrors' | 'desired' | 'running';

interface MetricQuery {
  seriesId: number;
  resource: number;
  role: Role;
  target: AwsTarget;
  query: Omit<MetricDataQuery, 'Id'>;
}

function stat(
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  statistic: string,
  period: number,
): Omit<MetricDataQuery, 'Id'> {
  return {
    MetricStat: {
      Metric: {
        Namespace: namespace,
        MetricName: metricName,
        Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({
          Name,
          Value,
        })),
      },
      Period: period,
      Stat: statistic,
    },
    ReturnData: true,
  };
}

/**
 * The CloudWatch queries of one series: per target group RequestCount,
 * HTTPCode_Target_5XX_Count and HTTPCode_ELB_5XX_Count (Sum; the load
 * balancer's own 5xx are what users get when no target is healthy); per ECS service Container Insights'
 * DesiredTaskCount (Maximum) and RunningTaskCount (Minimum); per EKS
 * workload service_number_of_running_pods (Minimum).
 */
function queriesOf(plan: CountsPlan, period: number): MetricQuery[] {
  const { seriesId, source } = plan;
  if (source.kind === 'requests') {
    return source.targetGroups.flatMap((tg, resource) => {
      const dimensions = {
        TargetGroup: tg.targetGroup,
        LoadBalancer: tg.loadBalancer,
      };
      const target = { accountId: tg.accountId, region: tg.region };
      return [
        {
          seriesId,
          resource,
          role: 'requests' as const,
          target,
          query: stat(
            'AWS/ApplicationELB',
            'RequestCount',
            dimensions,
            'Sum',
            period,
          ),
        },
        {
          seriesId,
          resource,
          role: 'errors' as const,
          target,
          query: stat(
            'AWS/ApplicationELB',
            'HTTPCode_Target_5XX_Count',
            dimensions,
            'Sum',
            period,
          ),
        },
        {
          seriesId,
          resource,
          role: 'elbErrors' as const,
          target,
          query: stat(
            'AWS/ApplicationELB',
            'HTTPCode_ELB_5XX_Count',
            dimensions,
            'Sum',
            period,
          ),
        },
      ];
    });
  }
  return source.workloads.flatMap((w, resource) => {
    const target = { accountId: w.accountId, region: w.region };
    if (w.runtime === 'eks') {
      return [
        {
          seriesId,
          resource,
          role: 'running' as const,
          target,
          query: stat(
            'ContainerInsights',
            'service_number_of_running_pods',
            {
              ClusterName: w.cluster,
              Namespace: w.namespace ?? '',
              Service: w.service,
            },
            'Minimum',
            period,
          ),
        },
      ];
    }
    const dimensions = { ClusterName: w.cluster, ServiceName: w.service };
    return [
      {
        seriesId,
        resource,
        role: 'desired' as const,
        target,
        query: stat(
          'ECS/ContainerInsights',
          'DesiredTaskCount',
          dimensions,
          'Maximum',
          period,
        ),
      },
      {
        seriesId,
        resource,
        role: 'running' as const,
        target,
        query: stat(
          'ECS/ContainerInsights',
          'RunningTaskCount',
          dimensions,
          'Minimum',
          period,
        ),
      },
    ];
  });
}

/** Values by timestamp (ms), per `resource:role` of one series. */
type SeriesValues = Map<string, Map<number, number>>;

/**
 * The counts of one series per period in [from, to) from its metrics (see
 * the contract's SLI rule). Requests: good = RequestCount − target 5XX −
 * load balancer 5XX, total = RequestCount, summed over target groups; no
 * RequestCount datapoint is no data, a missing 5XX datapoint 0 errors. Health: a period counts when any
 * workload wants tasks (ECS desired > 0; EKS: the running datapoint exists)
 * and is good when every such workload runs at least one (a missing running
 * datapoint is none); hour periods count their 60 minutes alike.
 */
export function countsOf(
  source: SliSource,
  values: SeriesValues,
  period: number,
  from: number,
  to: number,
): PeriodCount[] {
  const minutes = period / 60;
  const get = (resource: number, role: Role) =>
    values.get(`${resource}:${role}`);
  const resources =
    source.kind === 'requests'
      ? source.targetGroups.length
      : source.workloads.length;
  const primaryRole = (resource: number): Role => {
    if (source.kind === 'requests') {
      return 'requests';
    }
    return source.workloads[resource].runtime === 'eks' ? 'running' : 'desired';
  };
  const starts = new Set<number>();
  for (let r = 0; r < resources; r++) {
    for (const t of get(r, primaryRole(r))?.keys() ?? []) {
      if (t >= from && t < to) {
        starts.add(t);
      }
    }
  }
  return [...starts]
    .sort((a, b) => a - b)
    .map(start => {
      let good = 0;
      let total = 0;
      if (source.kind === 'requests') {
        for (let r = 0; r < resources; r++) {
          const requests = get(r, 'requests')?.get(start);
          if (requests === undefined) {
            continue;
          }
          const count = Math.max(0, Math.round(requests));
          const errors = Math.round(
            (get(r, 'errors')?.get(start) ?? 0) +
              (get(r, 'elbErrors')?.get(start) ?? 0),
          );
          total += count;
          good += count - Math.min(count, Math.max(0, errors));
        }
      } else {
        let wanted = false;
        let allRunning = true;
        for (let r = 0; r < resources; r++) {
          const running = get(r, 'running')?.get(start);
          const wants =
            source.workloads[r].runtime === 'eks'
              ? running !== undefined
              : (get(r, 'desired')?.get(start) ?? 0) > 0;
          if (wants) {
            wanted = true;
            allRunning &&= (running ?? 0) >= 1;
          }
        }
        total = wanted ? minutes : 0;
        good = wanted && allRunning ? minutes : 0;
      }
      return { start, good, total, dataMinutes: minutes };
    });
}

/** Packs series (all their queries together) into calls of at most `limit` queries. */
function packCalls(queries: MetricQuery[], limit: number): MetricQuery[][] {
  const bySeries = new Map<number, MetricQuery[]>();
  for (const q of queries) {
    const list = bySeries.get(q.seriesId) ?? [];
    list.push(q);
    bySeries.set(q.seriesId, list);
  }
  const calls: MetricQuery[][] = [];
  let current: MetricQuery[] = [];
  for (const list of bySeries.values()) {
    if (current.length + list.length > limit && current.length) {
      calls.push(current);
      current = [];
    }
    current.push(...list);
  }
  if (current.length) {
    calls.push(current);
  }
  return calls;
}

function groupByTarget(queries: MetricQuery[]) {
  const groups = new Map<
    string,
    { target: AwsTarget; queries: MetricQuery[] }
  >();
  for (const q of queries) {
    const key = `${q.target.accountId}/${q.target.region}`;
    const group = groups.get(key) ?? { target: q.target, queries: [] };
    group.queries.push(q);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/**
 * Reads the plans' metrics from their `from` up to `to` with GetMetricData
 * and hands the counts to `store` one time slice at a time, in time order.
 *
 * Calls are per account and region with at most 500 queries (a series'
 * queries stay in one call), and each slice is as long as lets the largest
 * call's queries × datapoints fit in the 100,800 datapoints of one answer;
 * NextToken is still followed. A call that fails (after the SDK's retries)
 * drops its series from this and the later slices, so their cursors stay
 * where their data ends; the others go on. Returns the dropped series with
 * the error.
 */
export async function readCounts(options: {
  plans: CountsPlan[];
  /** Seconds: 60 or 3600. */
  period: number;
  to: number;
  clientFactory: AwsClientFactory;
  logger: LoggerService;
  signal?: AbortSignal;
  store(slice: CountsSlice): Promise<void>;
}): Promise<Map<number, string>> {
  const { period, to, signal } = options;
  const failed = new Map<number, string>();
  const plans = options.plans.filter(p => p.from < to);
  if (plans.length === 0) {
    return failed;
  }
  const queriesBySeries = new Map(
    plans.map(p => [p.seriesId, queriesOf(p, period)]),
  );
  const largestCall = Math.max(
    1,
    ...groupByTarget([...queriesBySeries.values()].flat()).map(g =>
      Math.min(AWS_LIMITS.cloudWatchGetMetricDataQueries, g.queries.length),
    ),
  );
  const pointsPerQuery = Math.max(
    1,
    Math.floor(AWS_LIMITS.cloudWatchGetMetricDataDatapoints / largestCall),
  );
  const span = pointsPerQuery * period * 1000;
  const first = Math.min(...plans.map(p => p.from));

  for (let start = first; start < to; start += span) {
    signal?.throwIfAborted();
    const end = Math.min(start + span, to);
    const active = plans.filter(p => p.from < end && !failed.has(p.seriesId));
    if (active.length === 0) {
      continue;
    }
    const values = new Map<number, SeriesValues>(
      active.map(p => [p.seriesId, new Map()]),
    );
    const groups = groupByTarget(
      active.flatMap(p => queriesBySeries.get(p.seriesId)!),
    );
    await Promise.all(
      groups.map(async ({ target, queries }) => {
        const client = options.clientFactory.getClient(
          CloudWatchClient,
          target,
        );
        for (const call of packCalls(
          queries,
          AWS_LIMITS.cloudWatchGetMetricDataQueries,
        )) {
          try {
            await withUnavailableRetries(
              () => getMetricData(client, call, start, end, values, signal),
              { ...target, signal },
            );
          } catch (error) {
            if (signal?.aborted) {
              throw error;
            }
            const mapped = mapAwsError(error, {
              ...target,
              service: 'CloudWatch',
              operation: 'GetMetricData',
            });
            const ids = new Set(call.map(q => q.seriesId));
            options.logger.warn(
              `Could not read ${ids.size} series in ${target.accountId} ${
                target.region
              } from ${new Date(start).toISOString()}: ${stringifyError(
                mapped,
              )}`,
            );
            for (const id of ids) {
              failed.set(id, stringifyError(mapped));
            }
          }
        }
      }),
    );
    const counts = new Map<number, PeriodCount[]>();
    for (const plan of active) {
      if (!failed.has(plan.seriesId)) {
        counts.set(
          plan.seriesId,
          countsOf(
            plan.source,
            values.get(plan.seriesId)!,
            period,
            Math.max(start, plan.from),
            end,
          ),
        );
      }
    }
    if (counts.size) {
      await options.store({ until: end, counts });
    }
  }
  return failed;
}

/**
 * How many more times a call is made when AWS stays unavailable (throttling,
 * 5xx) after the SDK's own retries. A cycle that gives up leaves its series
 * for the next run, five minutes later; waiting seconds here instead is what
 * "slower, but complete" means under sustained throttling.
 */
const UNAVAILABLE_RETRIES = 4;

async function withUnavailableRetries<T>(
  call: () => Promise<T>,
  options: AwsTarget & { signal?: AbortSignal },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const mapped = mapAwsError(error, {
        accountId: options.accountId,
        region: options.region,
        service: 'CloudWatch',
        operation: 'GetMetricData',
      });
      // Only when AWS answered (throttling, a 5xx): a connection that
      // fails is an outage that seconds of waiting will not end.
      if (
        !(mapped instanceof AwsServiceUnavailableError) ||
        mapped.awsErrorName === undefined ||
        attempt >= UNAVAILABLE_RETRIES ||
        options.signal?.aborted
      ) {
        throw error;
      }
      // What AWS asked for, at least a growing backoff, at most 20 s.
      const waitMs = Math.min(
        20_000,
        Math.max(mapped.retryAfterSeconds * 1000, 250 * 2 ** attempt),
      );
      await new Promise(resolve => setTimeout(resolve, waitMs));
    }
  }
}

async function getMetricData(
  client: CloudWatchClient,
  call: MetricQuery[],
  start: number,
  end: number,
  into: Map<number, SeriesValues>,
  signal?: AbortSignal,
) {
  const queries = call.map((q, i) => ({ ...q.query, Id: `q${i}` }));
  let token: string | undefined;
  do {
    const page: GetMetricDataCommandOutput = await client.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(start),
        EndTime: new Date(end),
        ScanBy: 'TimestampAscending',
        ...(token ? { NextToken: token } : {}),
      }),
      { abortSignal: signal as any },
    );
    for (const result of page.MetricDataResults ?? []) {
      const index = Number(result.Id?.slice(1));
      const query = call[index];
      if (!query) {
        continue;
      }
      const key = `${query.resource}:${query.role}`;
      const series = into.get(query.seriesId)!;
      const byTime = series.get(key) ?? new Map<number, number>();
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      timestamps.forEach((t, i) => {
        if (values[i] !== undefined) {
          byTime.set(new Date(t).getTime(), values[i]);
        }
      });
      series.set(key, byTime);
    }
    const next = page.NextToken || undefined;
    if (next !== undefined && next === token) {
      throw new Error('GetMetricData returned the same NextToken twice');
    }
    token = next;
  } while (token);
}
