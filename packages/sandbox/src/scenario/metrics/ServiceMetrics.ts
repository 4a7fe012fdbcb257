import type { Scenario, ScenarioAlarm, ScenarioService } from '../Scenario';
import type { SandboxState } from '../../state/SandboxState';
import { SeededRandom } from '../SeededRandom';
import { mixHash, noiseAt } from './mixHash';

// Bound once: global lookups are slow inside VM contexts such as Jest's, and these run per datapoint.
const { exp, min, max, floor, round, ceil } = Math;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How far back metrics exist. */
export const METRIC_RETENTION_MS = 90 * DAY;
/** What a task on a `bad` image does to its service. */
const BAD_IMAGE_ERROR_RATE = 0.3;
const BAD_IMAGE_LATENCY_FACTOR = 2;
/** Above this span a sample uses the overlap with a bad-image interval instead of the exact share. */
const EXACT_SAMPLE_MS = 5 * MINUTE;
/** At most this many samples per datapoint, whatever its period: cost stays flat for long periods. */
const MAX_SAMPLES = 60;

/** The metrics the sandbox generates for every service. @public */
export type ServiceMetricName =
  | 'RequestCount'
  | 'HTTPCode_Target_2XX_Count'
  | 'HTTPCode_Target_5XX_Count'
  | 'HTTPCode_ELB_5XX_Count'
  | 'TargetResponseTime'
  | 'HealthyHostCount'
  | 'UnHealthyHostCount'
  | 'RunningTaskCount'
  | 'DesiredTaskCount'
  | 'CPUUtilization'
  | 'MemoryUtilization';

/** A statistic: one of CloudWatch's named ones, or a percentile (`p99` is `{ percentile: 99 }`). @public */
export type MetricStatistic =
  | 'Sum'
  | 'Average'
  | 'Minimum'
  | 'Maximum'
  | 'SampleCount'
  | { percentile: number };

/** A metric of one service, as a CloudWatch metric (namespace, name and dimensions) resolves to. @public */
export interface ServiceMetricRef {
  service: ScenarioService;
  metric: ServiceMetricName;
}

/** A stretch of time in which a service misbehaves, from a scenario window or a bad image. */
interface Degradation {
  start: number;
  end: number;
  errorRate: number;
  latencyFactor: number;
  /** A bad image: the share of tasks on it is known exactly from the state. */
  badImage: boolean;
}

interface ServiceProfile {
  stream: number;
  requestsPerMinute: number;
  latencySeconds: number;
  cpuPercent: number;
  memoryPercent: number;
  weekendFactor: number;
  /** The share of requests that fail when nothing is wrong. */
  baseErrorRate: number;
}

interface Totals {
  minutes: number;
  requests: number;
  errors: number;
  latencyWeighted: number;
  cpu: number;
  memory: number;
}

const COUNT_METRICS = new Set<ServiceMetricName>([
  'RequestCount',
  'HTTPCode_Target_2XX_Count',
  'HTTPCode_Target_5XX_Count',
]);

const ALB_METRICS: ServiceMetricName[] = [
  'RequestCount',
  'HTTPCode_Target_2XX_Count',
  'HTTPCode_Target_5XX_Count',
  'HTTPCode_ELB_5XX_Count',
  'TargetResponseTime',
  'HealthyHostCount',
  'UnHealthyHostCount',
];

/** Metric names per (namespace) and the dimension names that select a service there. */
const NAMESPACES: Record<
  string,
  {
    dimensions: string[];
    metrics: Record<string, ServiceMetricName>;
  }
> = {
  // CloudWatch publishes target metrics per (TargetGroup, LoadBalancer), never per TargetGroup
  // alone: a query naming only the target group has no datapoints.
  'AWS/ApplicationELB': {
    dimensions: ['TargetGroup', 'LoadBalancer'],
    metrics: Object.fromEntries(ALB_METRICS.map(m => [m, m])),
  },
  'ECS/ContainerInsights': {
    dimensions: ['ClusterName', 'ServiceName'],
    metrics: {
      RunningTaskCount: 'RunningTaskCount',
      DesiredTaskCount: 'DesiredTaskCount',
    },
  },
  'AWS/ECS': {
    dimensions: ['ClusterName', 'ServiceName'],
    metrics: {
      CPUUtilization: 'CPUUtilization',
      MemoryUtilization: 'MemoryUtilization',
    },
  },
  ContainerInsights: {
    dimensions: ['ClusterName', 'Namespace', 'Service'],
    metrics: {
      service_number_of_running_pods: 'RunningTaskCount',
      pod_cpu_utilization: 'CPUUtilization',
      pod_memory_utilization: 'MemoryUtilization',
    },
  },
};

/** The part of a target group ARN that ALB metrics use as the TargetGroup dimension. */
export function targetGroupDimension(targetGroupArn: string): string {
  return targetGroupArn.slice(targetGroupArn.indexOf('targetgroup/'));
}

/**
 * The part of a load balancer ARN that ALB metrics use as the LoadBalancer dimension
 * (`app/shipyard-prod/<id>`, what follows `loadbalancer/`).
 */
export function loadBalancerDimension(loadBalancerArn: string): string {
  const marker = 'loadbalancer/';
  return loadBalancerArn.slice(loadBalancerArn.indexOf(marker) + marker.length);
}

function percentileFactor(p: number): number {
  return p >= 50 ? 0.8 + ((p - 50) / 49) * 2.4 : 0.2 + (p / 50) * 0.6;
}

/** Traffic through the day (peaks early afternoon, Europe) and the week. */
function loadAt(t: number, weekendFactor: number): number {
  const hour = (((t / HOUR + 1) % 24) + 24) % 24;
  const daily = 0.2 + 0.8 * exp(-(((hour - 13.5) / 4.5) ** 2));
  const weekday = (floor(t / DAY) + 4) % 7; // 1970-01-01 was a Thursday
  return daily * (weekday === 0 || weekday === 6 ? weekendFactor : 1);
}

const cache = new WeakMap<SandboxState, ServiceMetrics>();

/**
 * The scenario's CloudWatch metrics, generated on demand: every datapoint is a deterministic
 * function of (seed, service, metric, time) and of the state's deployment history, never
 * stored, so a 1,000-service scenario costs no memory per datapoint. Scenario windows (the
 * incident, the bad deployment) and tasks running a `bad` image raise errors and latency.
 *
 * @public
 */
export class ServiceMetrics {
  private readonly profiles = new Map<string, ServiceProfile>();
  private byTargetGroup?: Map<string, ScenarioService>;

  private constructor(
    private readonly scenario: Scenario,
    private readonly state: SandboxState,
  ) {}

  /** One instance per sandbox state (the profiles it caches are per service). */
  static for(scenario: Scenario, state: SandboxState): ServiceMetrics {
    let metrics = cache.get(state);
    if (!metrics) {
      metrics = new ServiceMetrics(scenario, state);
      cache.set(state, metrics);
    }
    return metrics;
  }

  /**
   * The service metric a CloudWatch metric names in an account and region; undefined when
   * there is none (CloudWatch then answers an empty series).
   */
  resolve(
    accountId: string,
    region: string,
    namespace: string,
    metricName: string,
    dimensions: Record<string, string>,
  ): ServiceMetricRef | undefined {
    const spec = NAMESPACES[namespace];
    const metric = spec?.metrics[metricName];
    if (!spec || !metric) {
      return undefined;
    }
    // A metric is published under exactly one set of dimensions: a subset or a superset
    // (such as AvailabilityZone added) is another metric, which the sandbox does not generate.
    if (
      !spec.dimensions.every(d => dimensions[d] !== undefined) ||
      Object.keys(dimensions).some(n => !spec.dimensions.includes(n))
    ) {
      return undefined;
    }
    let service: ScenarioService | undefined;
    if (namespace === 'AWS/ApplicationELB') {
      service = this.targetGroups().get(dimensions.TargetGroup);
      if (
        !service?.loadBalancerArn ||
        loadBalancerDimension(service.loadBalancerArn) !==
          dimensions.LoadBalancer
      ) {
        return undefined;
      }
    } else {
      service = this.scenario.getService(
        `${accountId}/${region}/${dimensions.ClusterName}/${
          dimensions.ServiceName ?? dimensions.Service
        }`,
      );
      const runtime = namespace === 'ContainerInsights' ? 'eks' : 'ecs';
      if (
        service?.runtime !== runtime ||
        (runtime === 'eks' && service.namespace !== dimensions.Namespace)
      ) {
        service = undefined;
      }
    }
    if (
      !service ||
      service.accountId !== accountId ||
      service.region !== region
    ) {
      return undefined;
    }
    return { service, metric };
  }

  /**
   * A series for one metric and statistic over [fromMs, toMs): call it with a datapoint's start
   * to get its value, undefined where there is no data (before the service existed, beyond the
   * retention, in the future).
   */
  series(
    ref: ServiceMetricRef,
    stat: MetricStatistic,
    periodSeconds: number,
    range: { fromMs: number; toMs: number; nowMs: number },
  ): (startMs: number) => number | undefined {
    const { service, metric } = ref;
    const periodMs = periodSeconds * 1000;
    const firstMs = max(
      service.createdAt.getTime(),
      range.nowMs - METRIC_RETENTION_MS,
    );
    const degradations = this.degradations(
      service.id,
      range.fromMs,
      range.toMs + periodMs,
    );
    return startMs => {
      if (startMs + periodMs <= firstMs || startMs >= range.nowMs) {
        return undefined;
      }
      const totals = this.totals(
        service,
        degradations,
        max(startMs, firstMs),
        min(startMs + periodMs, range.nowMs),
      );
      return this.statistic(service, metric, stat, totals, startMs);
    };
  }

  /**
   * The state of one of the service's alarms at `now`, judged from the last five minutes of
   * the same metrics GetMetricData serves, and since when it has been in it.
   */
  alarmState(
    service: ScenarioService,
    alarm: ScenarioAlarm,
    nowMs: number,
  ): { state: 'OK' | 'ALARM'; reason: string; since: number } {
    const fromMs = nowMs - 5 * MINUTE;
    const degradations = this.degradations(service.id, fromMs, nowMs);
    const totals = this.totals(service, degradations, fromMs, nowMs);
    const definition = this.alarmDefinition(service, alarm);
    let value: number;
    if (alarm.kind === 'error-rate') {
      value = totals.requests > 0 ? (100 * totals.errors) / totals.requests : 0;
    } else if (alarm.kind === 'latency') {
      value =
        totals.requests > 0
          ? (totals.latencyWeighted / totals.requests) * percentileFactor(99)
          : 0;
    } else if (alarm.kind === 'cpu') {
      value = totals.minutes > 0 ? totals.cpu / totals.minutes : 0;
    } else {
      value = 0;
    }
    const breaching = value > definition.threshold;
    const all = this.degradations(
      service.id,
      service.createdAt.getTime(),
      nowMs,
    );
    const current = all.filter(d => d.start <= nowMs && d.end > nowMs);
    const past = all.filter(d => d.end <= nowMs);
    let since: number;
    if (breaching) {
      since = current.length > 0 ? max(...current.map(d => d.start)) : fromMs;
    } else {
      since = max(
        service.createdAt.getTime(),
        ...past.map(d => min(d.end + 5 * MINUTE, nowMs)),
      );
    }
    const shown = round(value * 1000) / 1000;
    return {
      state: breaching ? 'ALARM' : 'OK',
      reason: `Threshold Crossed: 1 datapoint [${shown}] was ${
        breaching ? 'greater than' : 'not greater than'
      } the threshold (${definition.threshold}).`,
      since,
    };
  }

  /** What an alarm watches and when it fires. */
  alarmDefinition(
    service: ScenarioService,
    alarm: ScenarioAlarm,
  ): {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    statistic?: string;
    extendedStatistic?: string;
    threshold: number;
    description: string;
  } {
    const tg: Record<string, string> =
      service.targetGroupArn && service.loadBalancerArn
        ? {
            TargetGroup: targetGroupDimension(service.targetGroupArn),
            LoadBalancer: loadBalancerDimension(service.loadBalancerArn),
          }
        : {};
    const serviceDims: Record<string, string> =
      service.runtime === 'ecs'
        ? { ClusterName: service.cluster, ServiceName: service.name }
        : {
            ClusterName: service.cluster,
            Namespace: service.namespace ?? 'default',
            Service: service.name,
          };
    const profile = this.profile(service);
    switch (alarm.kind) {
      case 'error-rate':
        return {
          namespace: 'AWS/ApplicationELB',
          metricName: 'HTTPCode_Target_5XX_Count',
          dimensions: tg,
          statistic: 'Sum',
          threshold: 5,
          description: `More than 5 % of ${service.component} requests fail in ${service.environment}`,
        };
      case 'latency':
        return {
          namespace: 'AWS/ApplicationELB',
          metricName: 'TargetResponseTime',
          dimensions: tg,
          extendedStatistic: 'p99',
          threshold: round(profile.latencySeconds * 5.5 * 1000) / 1000,
          description: `${service.component} p99 latency is high in ${service.environment}`,
        };
      case 'cpu':
        return {
          namespace:
            service.runtime === 'ecs' ? 'AWS/ECS' : 'ContainerInsights',
          metricName:
            service.runtime === 'ecs'
              ? 'CPUUtilization'
              : 'pod_cpu_utilization',
          dimensions: serviceDims,
          statistic: 'Average',
          threshold: 85,
          description: `${service.component} CPU is saturated in ${service.environment}`,
        };
      default:
        return {
          namespace: 'AWS/SQS',
          metricName: 'ApproximateAgeOfOldestMessage',
          dimensions: {
            QueueName: `${service.component}-${service.environment}`,
          },
          statistic: 'Maximum',
          threshold: 900,
          description: `${service.component} falls behind its queue in ${service.environment}`,
        };
    }
  }

  private targetGroups(): Map<string, ScenarioService> {
    if (!this.byTargetGroup) {
      this.byTargetGroup = new Map();
      for (const service of this.scenario.services) {
        if (service.targetGroupArn) {
          this.byTargetGroup.set(
            targetGroupDimension(service.targetGroupArn),
            service,
          );
        }
      }
    }
    return this.byTargetGroup;
  }

  private profile(service: ScenarioService): ServiceProfile {
    let profile = this.profiles.get(service.id);
    if (!profile) {
      const rng = SeededRandom.forKey(
        this.scenario.seed,
        `metrics/${service.id}`,
      );
      const tierFactor = { prod: 1, staging: 0.08, dev: 0.02 }[service.tier];
      const primaryRegion = this.scenario.environment(service.environment)
        ?.regions[0]?.region;
      const regionFactor = service.region === primaryRegion ? 1 : 0.25;
      const base =
        service.type === 'website'
          ? rng.between(900, 2400)
          : rng.between(250, 1400);
      profile = {
        stream: mixHash(rng.int(0, 0x7fffffff), 0x51ed),
        requestsPerMinute: base * tierFactor * regionFactor,
        latencySeconds:
          service.type === 'website'
            ? rng.between(0.03, 0.09)
            : rng.between(0.05, 0.18),
        cpuPercent: rng.between(12, 35),
        memoryPercent: rng.between(35, 60),
        // A retail storefront is busier at the weekend; the rest of the business is quieter.
        weekendFactor: service.system === 'storefront' ? 1.25 : 0.6,
        // 0.01 % to 0.11 %: against a 99.9 % target most services are healthy, about a quarter
        // at risk and a tenth breaching, as in a real portfolio. Drawn last so that the other
        // figures of a seed stay what they were.
        baseErrorRate: rng.between(0.0001, 0.0011),
      };
      this.profiles.set(service.id, profile);
    }
    return profile;
  }

  private degradations(
    serviceId: string,
    fromMs: number,
    toMs: number,
  ): Degradation[] {
    const result: Degradation[] = this.scenario
      .windowsFor(serviceId, new Date(fromMs), new Date(toMs))
      .map(w => ({
        start: w.start.getTime(),
        end: w.end.getTime(),
        errorRate: w.errorRate,
        latencyFactor: w.latencyFactor,
        badImage: false,
      }));
    const history = this.state.services.history(serviceId);
    const rolloutMs = this.state.rolloutSeconds * 1000;
    history.forEach((deployment, i) => {
      if (!deployment.imageTag.includes('bad')) {
        return;
      }
      const next = history[i + 1];
      const start = deployment.createdAt.getTime();
      const end = next ? next.createdAt.getTime() + rolloutMs : Infinity;
      if (start < toMs && end > fromMs) {
        result.push({
          start,
          end,
          errorRate: BAD_IMAGE_ERROR_RATE,
          latencyFactor: BAD_IMAGE_LATENCY_FACTOR,
          badImage: true,
        });
      }
    });
    return result;
  }

  private totals(
    service: ScenarioService,
    degradations: Degradation[],
    fromMs: number,
    toMs: number,
  ): Totals {
    const profile = this.profile(service);
    const totals: Totals = {
      minutes: 0,
      requests: 0,
      errors: 0,
      latencyWeighted: 0,
      cpu: 0,
      memory: 0,
    };
    const span = toMs - fromMs;
    if (span <= 0) {
      return totals;
    }
    const samples = max(1, min(MAX_SAMPLES, round(span / MINUTE)));
    const step = span / samples;
    for (let i = 0; i < samples; i++) {
      const s0 = fromMs + i * step;
      const s1 = s0 + step;
      const minute = floor(s0 / MINUTE);
      let errorRate =
        profile.baseErrorRate *
        (1 + 0.5 * noiseAt(profile.stream ^ 0x5e, minute));
      let latencyFactor = 1;
      for (const d of degradations) {
        const overlap = min(s1, d.end) - max(s0, d.start);
        if (overlap <= 0) {
          continue;
        }
        const share =
          d.badImage && step <= EXACT_SAMPLE_MS
            ? this.state.degradedFraction(service.id, new Date((s0 + s1) / 2))
            : overlap / step;
        errorRate += share * d.errorRate;
        latencyFactor += share * (d.latencyFactor - 1);
      }
      errorRate = min(errorRate, 0.95);
      const load = loadAt(s0, profile.weekendFactor);
      const minutes = step / MINUTE;
      const requests =
        profile.requestsPerMinute *
        load *
        (1 + 0.08 * noiseAt(profile.stream, minute)) *
        minutes;
      const latency =
        profile.latencySeconds *
        (1 + 0.25 * load) *
        (1 + 0.1 * noiseAt(profile.stream ^ 0x1a, minute)) *
        latencyFactor;
      totals.minutes += minutes;
      totals.requests += requests;
      totals.errors += requests * errorRate;
      totals.latencyWeighted += requests * latency;
      totals.cpu +=
        minutes *
        min(
          100,
          profile.cpuPercent * (0.6 + 0.6 * load) +
            3 * noiseAt(profile.stream ^ 0xc9, minute) +
            (errorRate > 0.05 ? 20 : 0),
        );
      totals.memory +=
        minutes *
        (profile.memoryPercent + 4 * noiseAt(profile.stream ^ 0x3e, minute));
    }
    return totals;
  }

  private statistic(
    service: ScenarioService,
    metric: ServiceMetricName,
    stat: MetricStatistic,
    totals: Totals,
    startMs: number,
  ): number | undefined {
    if (totals.minutes <= 0) {
      return undefined;
    }
    if (metric === 'HTTPCode_ELB_5XX_Count') {
      // The load balancer answers 503 itself when no target is running; otherwise it
      // publishes nothing (CloudWatch has no zero datapoints for error counts).
      const running = this.state.services.rollout(
        service.id,
        new Date(startMs),
      ).runningCount;
      if (running > 0) {
        return undefined;
      }
      const total = round(totals.requests);
      return pick(stat, {
        Sum: total,
        SampleCount: round(totals.minutes),
        Average: total / totals.minutes,
        Minimum: total / totals.minutes,
        Maximum: total / totals.minutes,
        percentile: () => total / totals.minutes,
      });
    }
    const isCountMetric = COUNT_METRICS.has(metric);
    if (isCountMetric) {
      const counts: Record<string, number> = {
        RequestCount: totals.requests,
        HTTPCode_Target_5XX_Count: totals.errors,
        HTTPCode_Target_2XX_Count: totals.requests - totals.errors,
      };
      const total = round(counts[metric]);
      const average = total / totals.minutes;
      return pick(stat, {
        Sum: total,
        SampleCount: round(totals.minutes),
        Average: average,
        Minimum: floor(average * 0.85),
        Maximum: ceil(average * 1.15),
        percentile: () => average,
      });
    }
    if (metric === 'TargetResponseTime') {
      if (totals.requests <= 0) {
        return undefined;
      }
      const average = totals.latencyWeighted / totals.requests;
      return pick(stat, {
        Sum: totals.latencyWeighted,
        SampleCount: round(totals.requests),
        Average: average,
        Minimum: average * 0.15,
        Maximum: average * 8,
        percentile: p => average * percentileFactor(p),
      });
    }
    let value: number;
    if (metric === 'CPUUtilization') {
      value = totals.cpu / totals.minutes;
    } else if (metric === 'MemoryUtilization') {
      value = totals.memory / totals.minutes;
    } else {
      const rollout = this.state.services.rollout(
        service.id,
        new Date(startMs),
      );
      const running = rollout.runningCount;
      const unhealthy = totals.errors / max(1, totals.requests) > 0.1 ? 1 : 0;
      const gauges: Record<string, number> = {
        HealthyHostCount: max(0, running - unhealthy),
        UnHealthyHostCount: min(running, unhealthy),
        DesiredTaskCount: rollout.desiredCount,
        RunningTaskCount: running,
      };
      value = gauges[metric];
    }
    return pick(stat, {
      Sum: value * totals.minutes,
      SampleCount: round(totals.minutes),
      Average: value,
      Minimum: value,
      Maximum: value,
      percentile: () => value,
    });
  }
}

function pick(
  stat: MetricStatistic,
  values: {
    Sum: number;
    SampleCount: number;
    Average: number;
    Minimum: number;
    Maximum: number;
    percentile: (p: number) => number;
  },
): number {
  const value =
    typeof stat === 'string'
      ? values[stat]
      : values.percentile(stat.percentile);
  return round(value * 1e6) / 1e6;
}
