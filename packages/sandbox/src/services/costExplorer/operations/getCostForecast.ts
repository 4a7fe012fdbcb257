import type { GetCostForecastResponse } from '@aws-sdk/client-cost-explorer';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { CostModel } from '../../../scenario/costs/CostModel';
import { dateOf, nextMonth, readPeriod } from '../costDates';
import {
  COST_EXPLORER_VALIDATION_ERROR,
  validation,
} from '../costExplorerErrors';
import { parseCostFilter } from '../costFilter';
import { amount, COST_METRICS, FORECAST_METRICS } from '../costMetrics';

/**
 * GetCostForecast: the mean daily cost of the last 28 days (filtered) carried forward, with a
 * prediction interval that widens with the level asked for (51–99, default 80).
 */
export const getCostForecast: OperationHandler<
  unknown,
  GetCostForecastResponse
> = (input, ctx) => {
  const reader = InputReader.of(input, COST_EXPLORER_VALIDATION_ERROR);
  const raw = input as Record<string, unknown>;
  const { start, end } = readPeriod(raw.TimePeriod);
  const metric = reader.enumValue('Metric', Object.keys(FORECAST_METRICS));
  if (!metric) {
    throw validation('Metric is required.');
  }
  const granularity = reader.enumValue('Granularity', [
    'DAILY',
    'MONTHLY',
    'HOURLY',
  ] as const);
  if (!granularity || granularity === 'HOURLY') {
    throw validation('Granularity must be DAILY or MONTHLY.');
  }
  const level =
    reader.integer('PredictionIntervalLevel', { min: 51, max: 99 }) ?? 80;
  const model = CostModel.for(ctx.scenario);
  if (start < model.today) {
    throw validation(
      `Start date must be equal or after ${dateOf(model.today)}.`,
    );
  }
  if (end > model.today + 366) {
    throw validation('End date must be within 12 months from today.');
  }
  const metricFn = COST_METRICS[FORECAST_METRICS[metric]];
  const lines = model.lines.filter(parseCostFilter(raw.Filter));
  let recent = 0;
  for (const line of lines) {
    for (let day = model.today - 28; day < model.today; day++) {
      recent += metricFn.of(model.cost(line, day), line);
    }
  }
  const daily = recent / 28;
  const spread = 0.03 + (level - 50) / 400;
  const results = [];
  let total = 0;
  for (let day = start; day < end; ) {
    const next =
      granularity === 'DAILY' ? day + 1 : Math.min(nextMonth(day), end);
    const mean = daily * (next - day);
    total += mean;
    results.push({
      TimePeriod: { Start: dateOf(day), End: dateOf(next) },
      MeanValue: amount(mean),
      PredictionIntervalLowerBound: amount(mean * (1 - spread)),
      PredictionIntervalUpperBound: amount(mean * (1 + spread)),
    });
    day = next;
  }
  return {
    Total: { Amount: amount(total), Unit: metricFn.unit },
    ForecastResultsByTime: results,
  };
};
