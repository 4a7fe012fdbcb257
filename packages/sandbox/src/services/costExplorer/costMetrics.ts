import { COST_SERVICES, type CostLine } from '../../scenario/costs/CostModel';
import { validation } from './costExplorerErrors';

/** Each metric as a function of a line's unblended cost, and its unit. */
export const COST_METRICS: Record<
  string,
  { unit: string; of: (cost: number, line: CostLine) => number }
> = {
  UnblendedCost: { unit: 'USD', of: c => c },
  BlendedCost: { unit: 'USD', of: c => c },
  // The databases run on reserved instances: amortized, they cost less than on demand.
  AmortizedCost: {
    unit: 'USD',
    of: (c, l) => (l.service === COST_SERVICES.rds ? c * 0.72 : c),
  },
  NetUnblendedCost: { unit: 'USD', of: c => c * 0.97 },
  NetAmortizedCost: {
    unit: 'USD',
    of: (c, l) => (l.service === COST_SERVICES.rds ? c * 0.72 : c) * 0.97,
  },
  UsageQuantity: { unit: 'N/A', of: c => c * 12.5 },
  NormalizedUsageAmount: { unit: 'N/A', of: c => c * 12.5 },
};

/** The forecast's metric names (UNBLENDED_COST) mapped to the usage report's (UnblendedCost). */
export const FORECAST_METRICS: Record<string, string> = {
  AMORTIZED_COST: 'AmortizedCost',
  BLENDED_COST: 'BlendedCost',
  NET_AMORTIZED_COST: 'NetAmortizedCost',
  NET_UNBLENDED_COST: 'NetUnblendedCost',
  UNBLENDED_COST: 'UnblendedCost',
  USAGE_QUANTITY: 'UsageQuantity',
  NORMALIZED_USAGE_AMOUNT: 'NormalizedUsageAmount',
};

export function readMetrics(metrics: unknown): string[] {
  if (!Array.isArray(metrics) || metrics.length === 0) {
    throw validation('Metrics must not be empty.');
  }
  for (const m of metrics) {
    if (!COST_METRICS[String(m)]) {
      throw validation(
        `Unsupported metric ${String(m)}. Supported: ${Object.keys(
          COST_METRICS,
        ).join(', ')}`,
      );
    }
  }
  return metrics.map(String);
}

/** Amounts as Cost Explorer writes them: a decimal string. */
export function amount(value: number): string {
  return value.toFixed(10).replace(/\.?0+$/, '') || '0';
}
