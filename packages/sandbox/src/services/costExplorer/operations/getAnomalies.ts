import type { GetAnomaliesResponse } from '@aws-sdk/client-cost-explorer';
import { InputReader } from '../../../server/InputReader';
import type { OperationHandler } from '../../../server/OperationHandler';
import { paginate } from '../../../server/paginate';
import { SandboxError } from '../../../server/SandboxError';
import { CostModel } from '../../../scenario/costs/CostModel';
import { stableHex } from '../../../scenario/stableHex';
import { dateOf, dayOf } from '../costDates';
import {
  COST_EXPLORER_VALIDATION_ERROR,
  validation,
} from '../costExplorerErrors';

/** The caller's one anomaly monitor (by AWS service). */
export function anomalyMonitorArn(accountId: string): string {
  const hex = stableHex(`monitor/${accountId}`, 32);
  return `arn:aws:ce::${accountId}:anomalymonitor/${hex.slice(
    0,
    8,
  )}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(
    20,
  )}`;
}

const NUMERIC: Record<string, (v: number, a: number, b: number) => boolean> = {
  EQUAL: (v, a) => v === a,
  GREATER_THAN_OR_EQUAL: (v, a) => v >= a,
  LESS_THAN_OR_EQUAL: (v, a) => v <= a,
  GREATER_THAN: (v, a) => v > a,
  LESS_THAN: (v, a) => v < a,
  BETWEEN: (v, a, b) => v >= a && v <= b,
};

/** GetAnomalies: the scenario's cost anomalies overlapping DateInterval, optionally by monitor and impact. */
export const getAnomalies: OperationHandler<unknown, GetAnomaliesResponse> = (
  input,
  ctx,
) => {
  const reader = InputReader.of(input, COST_EXPLORER_VALIDATION_ERROR);
  const interval = reader.structure('DateInterval');
  if (!interval) {
    throw validation('DateInterval is required.');
  }
  const from = dayOf(interval.requiredString('StartDate'), 'StartDate');
  const endDate = interval.string('EndDate');
  const model = CostModel.for(ctx.scenario);
  const to = endDate !== undefined ? dayOf(endDate, 'EndDate') : model.today;
  const monitorArn = reader.string('MonitorArn');
  const ours = anomalyMonitorArn(ctx.accountId);
  if (monitorArn !== undefined && monitorArn !== ours) {
    throw new SandboxError(
      'UnknownMonitorException',
      `Monitor ${monitorArn} does not exist.`,
    );
  }
  const maxResults = reader.integer('MaxResults', { min: 1, max: 100 }) ?? 100;
  const impact = reader.structure('TotalImpact');
  const operator = impact?.enumValue('NumericOperator', Object.keys(NUMERIC));
  const startValue = Number((input as any).TotalImpact?.StartValue ?? 0);
  const endValue = Number((input as any).TotalImpact?.EndValue ?? Infinity);

  const anomalies = model.anomalies
    .filter(a => a.start <= to && a.end - 1 >= from)
    .map(a => {
      let actual = 0;
      let expected = 0;
      let max = 0;
      for (let day = a.start; day < a.end; day++) {
        const cost = model.cost(a.line, day);
        actual += cost;
        expected += cost / a.factor;
        max = Math.max(max, cost - cost / a.factor);
      }
      const total = actual - expected;
      return {
        AnomalyId: a.id,
        AnomalyStartDate: dateOf(a.start),
        AnomalyEndDate: dateOf(a.end - 1),
        DimensionValue: a.line.service,
        RootCauses: [
          {
            Service: a.line.service,
            Region: a.line.region,
            LinkedAccount: a.line.accountId,
            LinkedAccountName: `northwind-${a.environment}`,
            UsageType: a.line.usageType,
            Impact: { Contribution: Math.round(total * 100) / 100 },
          },
        ],
        AnomalyScore: {
          MaxScore: 0.92,
          CurrentScore: a.end <= model.today ? 0.1 : 0.92,
        },
        Impact: {
          MaxImpact: Math.round(max * 100) / 100,
          TotalImpact: Math.round(total * 100) / 100,
          TotalActualSpend: Math.round(actual * 100) / 100,
          TotalExpectedSpend: Math.round(expected * 100) / 100,
          TotalImpactPercentage: Math.round((total / expected) * 10_000) / 100,
        },
        MonitorArn: ours,
      };
    })
    .filter(
      a =>
        !operator ||
        NUMERIC[operator](a.Impact.TotalImpact, startValue, endValue),
    )
    .filter(() => !reader.has('Feedback'));
  const { page, nextToken } = paginate(anomalies, {
    pageSize: maxResults,
    token: reader.string('NextPageToken'),
    errorName: 'InvalidNextTokenException',
  });
  return { Anomalies: page, NextPageToken: nextToken };
};
