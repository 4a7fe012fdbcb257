import type {
  GetMetricDataOutput,
  MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import {
  METRIC_RETENTION_MS,
  ServiceMetrics,
  type MetricStatistic,
} from '../../../scenario/metrics/ServiceMetrics';
import {
  CLOUDWATCH_VALIDATION_ERROR,
  invalidNextToken,
  invalidParameterValue,
  validationError,
} from '../cloudWatchErrors';
import { parseMetricExpression } from '../parseMetricExpression';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const STATISTICS = ['Sum', 'Average', 'Minimum', 'Maximum', 'SampleCount'];

/** One query, resolved: a value for any datapoint start, and its period. */
interface Query {
  id: string;
  label: string;
  returnData: boolean;
  periodMs: number;
  valueAt: (startMs: number) => number | undefined;
}

function readTime(input: Record<string, unknown>, name: string): number {
  const raw = input[name];
  if (raw === undefined || raw === null) {
    throw validationError(
      `1 validation error detected: Value null at '${name}' failed to satisfy constraint: Member must not be null`,
    );
  }
  const ms = typeof raw === 'number' ? raw * 1000 : Date.parse(String(raw));
  if (!Number.isFinite(ms)) {
    throw invalidParameterValue(
      `The parameter ${name} is not a valid timestamp.`,
    );
  }
  return ms;
}

function parseStat(stat: string, where: string): MetricStatistic {
  if (STATISTICS.includes(stat)) {
    return stat as MetricStatistic;
  }
  const percentile = /^p(\d{1,2}(?:\.\d+)?|100)$/.exec(stat);
  if (percentile) {
    return { percentile: Number(percentile[1]) };
  }
  throw invalidParameterValue(
    `The value ${stat} for parameter ${where}.Stat is not a valid statistic.`,
  );
}

function checkPeriod(period: number, where: string) {
  if (
    period < 1 ||
    (period >= 60 ? period % 60 !== 0 : ![1, 5, 10, 20, 30].includes(period))
  ) {
    throw invalidParameterValue(
      `The parameter ${where}.Period must be 1, 5, 10, 20, 30, or a multiple of 60.`,
    );
  }
}

function decodeToken(token: string | undefined): number {
  if (token === undefined) {
    return 0;
  }
  const match = /^gmd:(\d+)$/.exec(
    Buffer.from(token, 'base64url').toString('utf8'),
  );
  if (!match) {
    throw invalidNextToken();
  }
  return Number(match[1]);
}

/**
 * GetMetricData over the generated metrics: MetricStat queries and arithmetic expressions,
 * at most 500 queries, MaxDatapoints per page (counted over all queries) with NextToken,
 * ScanBy. Only the datapoints of the page asked for are computed.
 */
export const getMetricData: OperationHandler<unknown, GetMetricDataOutput> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, CLOUDWATCH_VALIDATION_ERROR);
  const raw = input as Record<string, unknown>;
  const rawQueries = reader.list('MetricDataQueries');
  if (!rawQueries) {
    throw validationError(
      "1 validation error detected: Value null at 'metricDataQueries' failed to satisfy constraint: Member must not be null",
    );
  }
  if (rawQueries.length > MAX_QUERIES) {
    throw validationError(
      `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`,
    );
  }
  const startMs = readTime(raw, 'StartTime');
  const endMs = readTime(raw, 'EndTime');
  if (startMs >= endMs) {
    throw validationError(
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  }
  const scanBy =
    reader.enumValue('ScanBy', [
      'TimestampDescending',
      'TimestampAscending',
    ] as const) ?? 'TimestampDescending';
  const maxDatapoints =
    reader.integer('MaxDatapoints', { min: 1 }) ?? DEFAULT_MAX_DATAPOINTS;
  const offset = decodeToken(reader.string('NextToken'));
  const nowMs = ctx.now.getTime();
  const metrics = ServiceMetrics.for(ctx.scenario, ctx.state);

  const readers = reader.structureList('MetricDataQueries')!;
  const byId = new Map<string, Query>();
  const pendingExpressions: Array<{
    id: string;
    expression: string;
    label?: string;
    returnData: boolean;
    period?: number;
  }> = [];
  const queries: Query[] = [];
  readers.forEach((q, index) => {
    const where = `MetricDataQueries.member.${index + 1}`;
    const id = q.requiredString('Id');
    if (!/^[a-z][A-Za-z0-9_]*$/.test(id)) {
      throw validationError(
        `The value ${id} for parameter ${where}.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
      );
    }
    if (byId.has(id) || pendingExpressions.some(e => e.id === id)) {
      throw validationError(
        `The values for parameter id in MetricDataQueries are not unique.`,
      );
    }
    const returnData = q.boolean('ReturnData') ?? true;
    const label = q.string('Label');
    const stat = q.structure('MetricStat');
    const expression = q.string('Expression');
    if ((stat === undefined) === (expression === undefined)) {
      throw validationError(
        `Exactly one element of the metricStat or the expression must be present for ${where}.`,
      );
    }
    if (expression !== undefined) {
      pendingExpressions.push({
        id,
        expression,
        label,
        returnData,
        period: q.integer('Period'),
      });
      return;
    }
    const metric = stat!.structure('Metric');
    const period = stat!.integer('Period');
    const statName = stat!.string('Stat');
    if (!metric || period === undefined || statName === undefined) {
      throw validationError(
        `The parameters ${where}.MetricStat.Metric, Period and Stat are required.`,
      );
    }
    checkPeriod(period, `${where}.MetricStat`);
    const namespace = metric.string('Namespace') ?? '';
    const metricName = metric.string('MetricName') ?? '';
    const dimensions: Record<string, string> = {};
    for (const d of metric.structureList('Dimensions', { maxItems: 30 }) ??
      []) {
      dimensions[d.requiredString('Name')] = d.requiredString('Value');
    }
    const ref = metrics.resolve(
      ctx.accountId,
      ctx.region,
      namespace,
      metricName,
      dimensions,
    );
    const series = ref
      ? metrics.series(
          ref,
          parseStat(statName, `${where}.MetricStat`),
          period,
          {
            fromMs: startMs,
            toMs: endMs,
            nowMs,
          },
        )
      : () => undefined;
    const query: Query = {
      id,
      label: label ?? metricName,
      returnData,
      periodMs: period * 1000,
      valueAt: series,
    };
    byId.set(id, query);
    queries[index] = query;
  });

  // Expressions may read each other; resolve them once every id is known.
  const expressionIndex = new Map(pendingExpressions.map(e => [e.id, e]));
  const resolving = new Set<string>();
  const resolve = (id: string): Query => {
    const known = byId.get(id);
    if (known) {
      return known;
    }
    const spec = expressionIndex.get(id);
    if (!spec) {
      throw validationError(
        `Error in expression: Unrecognized metric id '${id}'.`,
      );
    }
    if (resolving.has(id)) {
      throw validationError(`Error in expression ${id}: Circular dependency.`);
    }
    resolving.add(id);
    const parsed = parseMetricExpression(spec.expression);
    const inputs = parsed.ids.map(resolve);
    const periodMs =
      spec.period !== undefined
        ? spec.period * 1000
        : inputs[0]?.periodMs ?? 60_000;
    const query: Query = {
      id,
      label: spec.label ?? id,
      returnData: spec.returnData,
      periodMs,
      valueAt: t => {
        const values = new Map(inputs.map(q => [q.id, q.valueAt(t)]));
        return parsed.evaluate(name => values.get(name));
      },
    };
    byId.set(id, query);
    return query;
  };
  const ids = readers.map(q => q.requiredString('Id'));
  ids.forEach((id, index) => {
    queries[index] = queries[index] ?? resolve(id);
  });

  // Datapoint slots per returned query, clipped to what can hold data; the page is a window over
  // all slots in query order, so only its datapoints are computed.
  const fromMs = Math.max(startMs, nowMs - METRIC_RETENTION_MS);
  const toMs = Math.min(endMs, nowMs);
  const results: MetricDataResult[] = [];
  let position = 0;
  let remaining = maxDatapoints;
  for (const query of queries.filter(q => q.returnData)) {
    const first = Math.floor(fromMs / query.periodMs) * query.periodMs;
    const slots = toMs > first ? Math.ceil((toMs - first) / query.periodMs) : 0;
    const queryStart = position;
    position += slots;
    if (slots === 0) {
      if (offset === 0) {
        results.push({
          Id: query.id,
          Label: query.label,
          Timestamps: [],
          Values: [],
          StatusCode: 'Complete',
        });
      }
      continue;
    }
    if (remaining === 0 || position <= offset) {
      continue;
    }
    const from = Math.max(0, offset - queryStart);
    const count = Math.min(slots - from, remaining);
    const timestamps: number[] = [];
    const values: number[] = [];
    for (let i = from; i < from + count; i++) {
      const t =
        scanBy === 'TimestampAscending'
          ? first + i * query.periodMs
          : first + (slots - 1 - i) * query.periodMs;
      const value = query.valueAt(t);
      if (value !== undefined) {
        timestamps.push(t / 1000);
        values.push(value);
      }
    }
    remaining -= count;
    results.push({
      Id: query.id,
      Label: query.label,
      // Epoch seconds: what the JSON protocol carries for timestamps.
      Timestamps: timestamps as unknown as Date[],
      Values: values,
      StatusCode: from + count >= slots ? 'Complete' : 'PartialData',
    });
  }
  const consumed = offset + (maxDatapoints - remaining);
  const hasMore = consumed < position;
  return {
    MetricDataResults: results,
    NextToken: hasMore
      ? Buffer.from(`gmd:${consumed}`, 'utf8').toString('base64url')
      : undefined,
    Messages: [],
  };
};
