import type {
  DescribeAlarmsOutput,
  MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { InputReader } from '../../../server/InputReader';
import { SandboxError } from '../../../server/SandboxError';
import type { OperationHandler } from '../../../server/OperationHandler';
import type {
  Scenario,
  ScenarioAlarm,
  ScenarioService,
} from '../../../scenario/Scenario';
import { ServiceMetrics } from '../../../scenario/metrics/ServiceMetrics';
import {
  CLOUDWATCH_VALIDATION_ERROR,
  invalidNextToken,
  invalidParameterValue,
} from '../cloudWatchErrors';

interface AlarmEntry {
  service: ScenarioService;
  alarm: ScenarioAlarm;
}

const alarmIndex = new WeakMap<Scenario, Map<string, AlarmEntry[]>>();

/** The alarms of an account and region sorted by name, as DescribeAlarms lists them; built once. */
function alarmsIn(
  scenario: Scenario,
  accountId: string,
  region: string,
): AlarmEntry[] {
  let index = alarmIndex.get(scenario);
  if (!index) {
    index = new Map();
    for (const service of scenario.services) {
      const key = `${service.accountId}/${service.region}`;
      const list = index.get(key) ?? [];
      for (const alarm of service.alarms) {
        list.push({ service, alarm });
      }
      index.set(key, list);
    }
    for (const list of index.values()) {
      list.sort((a, b) => (a.alarm.name < b.alarm.name ? -1 : 1));
    }
    alarmIndex.set(scenario, index);
  }
  return index.get(`${accountId}/${region}`) ?? [];
}

/**
 * DescribeAlarms over every service's alarms (error rate and latency, CPU, queue age for
 * workers). States are judged at request time from the generated metrics, so an alarm is in
 * ALARM during the scenario's incident, its bad deployment, or while a `bad` image runs.
 */
export const describeAlarms: OperationHandler<unknown, DescribeAlarmsOutput> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, CLOUDWATCH_VALIDATION_ERROR);
  const names = reader.stringList('AlarmNames', { maxItems: 100 });
  const prefix = reader.string('AlarmNamePrefix', {
    minLength: 1,
    maxLength: 255,
  });
  const stateValue = reader.enumValue('StateValue', [
    'OK',
    'ALARM',
    'INSUFFICIENT_DATA',
  ] as const);
  const types = reader.stringList('AlarmTypes');
  const maxRecords = reader.integer('MaxRecords', { min: 1, max: 100 }) ?? 50;
  const token = reader.string('NextToken');
  if (names && prefix !== undefined) {
    throw new SandboxError(
      'InvalidParameterCombinationException',
      'AlarmNamePrefix and AlarmNames cannot be specified together.',
      400,
      { queryErrorCode: 'InvalidParameterCombination' },
    );
  }
  if (reader.has('ChildrenOfAlarmName') || reader.has('ParentsOfAlarmName')) {
    throw invalidParameterValue(
      'The sandbox has no composite alarms to relate to.',
    );
  }
  let start = 0;
  if (token !== undefined) {
    const match = /^alarms:(\d+)$/.exec(
      Buffer.from(token, 'base64url').toString('utf8'),
    );
    if (!match) {
      throw invalidNextToken();
    }
    start = Number(match[1]);
  }
  if (types && !types.includes('MetricAlarm')) {
    return { MetricAlarms: [], CompositeAlarms: [] };
  }

  const metrics = ServiceMetrics.for(ctx.scenario, ctx.state);
  const nowMs = ctx.now.getTime();
  const wanted = names && new Set(names);
  const candidates = alarmsIn(ctx.scenario, ctx.accountId, ctx.region).filter(
    e =>
      (!wanted || wanted.has(e.alarm.name)) &&
      (prefix === undefined || e.alarm.name.startsWith(prefix)),
  );
  // States are computed lazily: without a StateValue filter only the page is evaluated.
  const page: MetricAlarm[] = [];
  let index = start;
  let matched = 0;
  for (; index < candidates.length && page.length < maxRecords; index++) {
    const { service, alarm } = candidates[index];
    const state = metrics.alarmState(service, alarm, nowMs);
    if (stateValue && state.state !== stateValue) {
      continue;
    }
    matched += 1;
    page.push(toMetricAlarm(metrics, service, alarm, state));
  }
  const more =
    index < candidates.length &&
    (!stateValue ||
      candidates
        .slice(index)
        .some(
          e =>
            metrics.alarmState(e.service, e.alarm, nowMs).state === stateValue,
        ));
  return {
    MetricAlarms: page,
    CompositeAlarms: [],
    NextToken:
      more && matched > 0
        ? Buffer.from(`alarms:${index}`, 'utf8').toString('base64url')
        : undefined,
  };
};

function toMetricAlarm(
  metrics: ServiceMetrics,
  service: ScenarioService,
  alarm: ScenarioAlarm,
  state: ReturnType<ServiceMetrics['alarmState']>,
): MetricAlarm {
  const definition = metrics.alarmDefinition(service, alarm);
  const topic = `arn:aws:sns:${service.region}:${service.accountId}:${service.owner}-alerts`;
  return {
    AlarmName: alarm.name,
    AlarmArn: alarm.arn,
    AlarmDescription: definition.description,
    AlarmConfigurationUpdatedTimestamp: service.createdAt,
    ActionsEnabled: true,
    OKActions: [topic],
    AlarmActions: [topic],
    InsufficientDataActions: [],
    StateValue: state.state,
    StateReason: state.reason,
    StateUpdatedTimestamp: new Date(state.since),
    StateTransitionedTimestamp: new Date(state.since),
    MetricName: definition.metricName,
    Namespace: definition.namespace,
    Statistic: definition.statistic as MetricAlarm['Statistic'],
    ExtendedStatistic: definition.extendedStatistic,
    Dimensions: Object.entries(definition.dimensions).map(([Name, Value]) => ({
      Name,
      Value,
    })),
    Period: 60,
    EvaluationPeriods: 5,
    DatapointsToAlarm: 3,
    Threshold: definition.threshold,
    ComparisonOperator: 'GreaterThanThreshold',
    TreatMissingData: 'notBreaching',
  };
}
