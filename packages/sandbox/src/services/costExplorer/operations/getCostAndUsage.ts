import type {
  GetCostAndUsageResponse,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { SandboxError } from '../../../server/SandboxError';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { CostModel, type CostLine } from '../../../scenario/costs/CostModel';
import { dateOf, nextMonth, readPeriod } from '../costDates';
import {
  COST_EXPLORER_VALIDATION_ERROR,
  validation,
} from '../costExplorerErrors';
import { COST_DIMENSIONS, parseCostFilter } from '../costFilter';
import { amount, COST_METRICS, readMetrics } from '../costMetrics';

/** Group entries per page before NextPageToken; a page always holds at least one period. */
const GROUPS_PER_PAGE = 2_000;

/**
 * GetCostAndUsage: DAILY or MONTHLY periods over [Start, End), any of the cost metrics, up to
 * two GroupBy (DIMENSION SERVICE, LINKED_ACCOUNT, REGION, USAGE_TYPE, or TAG), a filter
 * expression, NextPageToken over periods. Costs are computed for the request, never stored.
 */
export const getCostAndUsage: OperationHandler<
  unknown,
  GetCostAndUsageResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, COST_EXPLORER_VALIDATION_ERROR);
  const raw = input as Record<string, unknown>;
  const { start, end } = readPeriod(raw.TimePeriod);
  const granularity = reader.enumValue('Granularity', [
    'DAILY',
    'MONTHLY',
    'HOURLY',
  ] as const);
  if (!granularity) {
    throw validation('Granularity is required.');
  }
  if (granularity === 'HOURLY') {
    throw validation('Hourly granularity is not enabled for this account.');
  }
  const metrics = readMetrics(raw.Metrics);
  const groupBy = (reader.structureList('GroupBy') ?? []).map(g => ({
    type: g.enumValue('Type', ['DIMENSION', 'TAG', 'COST_CATEGORY'] as const),
    key: g.string('Key') ?? '',
  }));
  if (groupBy.length > 2) {
    throw validation('Group Definitions must have at most 2 elements.');
  }
  const keyFns = groupBy.map(({ type, key }) => {
    if (type === 'DIMENSION') {
      const get = COST_DIMENSIONS[key];
      if (!get) {
        throw validation(
          `Group Definition dimension ${key} is not allowed. Allowed values: ${Object.keys(
            COST_DIMENSIONS,
          ).join(', ')}`,
        );
      }
      return get;
    }
    if (type === 'TAG' && key) {
      return (l: CostLine) => `${key}$${l.tags[key] ?? ''}`;
    }
    throw validation(
      'Group Definition type must be DIMENSION or TAG with a Key.',
    );
  });
  const filter = parseCostFilter(raw.Filter);

  const periods: Array<{ start: number; end: number }> = [];
  for (let day = start; day < end; ) {
    const next =
      granularity === 'DAILY' ? day + 1 : Math.min(nextMonth(day), end);
    periods.push({ start: day, end: next });
    day = next;
  }
  let first = 0;
  const token = reader.string('NextPageToken');
  if (token !== undefined) {
    const match = /^ce:(\d+):(\d+)-(\d+)$/.exec(
      Buffer.from(token, 'base64url').toString('utf8'),
    );
    if (!match) {
      throw new SandboxError(
        'InvalidNextTokenException',
        'The pagination token is invalid.',
      );
    }
    if (Number(match[2]) !== start || Number(match[3]) !== end) {
      throw new SandboxError(
        'RequestChangedException',
        'The request changed between pages.',
      );
    }
    first = Number(match[1]);
  }

  const model = CostModel.for(ctx.scenario);
  const lines = model.lines.filter(filter);
  const groupCount = Math.max(
    1,
    new Set(lines.map(l => keyFns.map(k => k(l)).join('|'))).size,
  );
  const pagePeriods = groupBy.length
    ? Math.max(1, Math.floor(GROUPS_PER_PAGE / groupCount))
    : periods.length;
  const page = periods.slice(first, first + pagePeriods);

  const results: ResultByTime[] = page.map(period => {
    const totals = new Map<string, { keys: string[]; values: number[] }>();
    for (const line of lines) {
      let cost = 0;
      for (let day = period.start; day < period.end; day++) {
        cost += model.cost(line, day);
      }
      if (cost === 0) {
        continue;
      }
      const keys = keyFns.map(k => k(line));
      const id = keys.join('|');
      let entry = totals.get(id);
      if (!entry) {
        entry = { keys, values: metrics.map(() => 0) };
        totals.set(id, entry);
      }
      metrics.forEach((m, i) => {
        entry!.values[i] += COST_METRICS[m].of(cost, line);
      });
    }
    const toMetrics = (values: number[]) =>
      Object.fromEntries(
        metrics.map((m, i) => [
          m,
          { Amount: amount(values[i]), Unit: COST_METRICS[m].unit },
        ]),
      );
    const estimated = period.end > model.today;
    if (!groupBy.length) {
      const sum = metrics.map((_, i) =>
        [...totals.values()].reduce((n, e) => n + e.values[i], 0),
      );
      return {
        TimePeriod: { Start: dateOf(period.start), End: dateOf(period.end) },
        Total: toMetrics(sum),
        Groups: [],
        Estimated: estimated,
      };
    }
    const groups = [...totals.values()]
      .sort((a, b) => (a.keys.join('|') < b.keys.join('|') ? -1 : 1))
      .map(e => ({ Keys: e.keys, Metrics: toMetrics(e.values) }));
    return {
      TimePeriod: { Start: dateOf(period.start), End: dateOf(period.end) },
      Total: {},
      Groups: groups,
      Estimated: estimated,
    };
  });
  const next = first + page.length;
  return {
    GroupDefinitions: groupBy.map(g => ({ Type: g.type, Key: g.key })),
    ResultsByTime: results,
    DimensionValueAttributes: [],
    NextPageToken:
      next < periods.length
        ? Buffer.from(`ce:${next}:${start}-${end}`, 'utf8').toString(
            'base64url',
          )
        : undefined,
  };
};
