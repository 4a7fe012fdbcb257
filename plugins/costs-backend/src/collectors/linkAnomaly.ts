import { CostDay, CostsStore } from '../database/CostsStore';
import { addDays, daysBetween } from '../database/costDays';

/** Days before an anomaly whose mean is its expected daily cost. */
const BASELINE_DAYS = 14;

/**
 * Which environment and component tag value an anomaly concerns. Cost
 * Explorer names its root cause by AWS service, account, region and usage
 * type, not by tag, so the stored daily costs decide: of the environments
 * billed to the root cause's account (all when it names none), the
 * component whose cost of that AWS service rose the most above its mean of
 * the two weeks before, over the anomaly's days. Undefined when no stored
 * cost rose (e.g. the days are not stored yet).
 */
export async function linkAnomaly(options: {
  store: Pick<CostsStore, 'readDays'>;
  environments: string[];
  awsService?: string;
  start: CostDay;
  /** The last day, inclusive. */
  end: CostDay;
}): Promise<{ environment: string; component: string } | undefined> {
  if (!options.environments.length) {
    return undefined;
  }
  const baselineFrom = addDays(options.start, -BASELINE_DAYS);
  const rows = await options.store.readDays({
    from: baselineFrom,
    to: addDays(options.end, 1),
    environments: options.environments,
  });
  const anomalyDays = daysBetween(options.start, options.end) + 1;
  const sums = new Map<
    string,
    { environment: string; component: string; before: number; during: number }
  >();
  for (const row of rows) {
    if (options.awsService && row.awsService !== options.awsService) {
      continue;
    }
    const key = `${row.environment}\0${row.component}`;
    let sum = sums.get(key);
    if (!sum) {
      sum = {
        environment: row.environment,
        component: row.component,
        before: 0,
        during: 0,
      };
      sums.set(key, sum);
    }
    if (row.day < options.start) {
      sum.before += row.amount;
    } else {
      sum.during += row.amount;
    }
  }
  let best: { environment: string; component: string } | undefined;
  let bestExcess = 0;
  for (const sum of sums.values()) {
    const excess = sum.during - (sum.before / BASELINE_DAYS) * anomalyDays;
    if (excess > bestExcess) {
      bestExcess = excess;
      best = { environment: sum.environment, component: sum.component };
    }
  }
  return best;
}
