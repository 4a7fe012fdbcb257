import {
  CostExplorerClient,
  Expression,
  GetCostAndUsageCommand,
  ResultByTime,
} from '@aws-sdk/client-cost-explorer';
import { CostDay, DailyCostRow } from '../database/CostsStore';

/** The metric stored: what the bill says, before discounts are spread. */
export const COST_METRIC = 'UnblendedCost';

/** Complete days read so far, handed to the caller after each page. */
export interface DailyCostsSlice {
  /** The first day of the slice. */
  from: CostDay;
  /** Exclusive: every day in [from, to) is complete, with or without rows. */
  to: CostDay;
  rows: DailyCostRow[];
  /** The first day of the slice Cost Explorer marked estimated. */
  firstEstimated?: CostDay;
}

/** A component tag group key, `shipyard:component$checkout-api`, as its value. */
export function tagValueOf(key: string): string {
  // Tag keys cannot contain `$`: the first one separates key and value.
  const at = key.indexOf('$');
  return at < 0 ? key : key.slice(at + 1);
}

/**
 * Reads an environment's daily unblended cost over [from, to) with one
 * GetCostAndUsage request per page, grouped by the component tag and AWS
 * service, and hands over complete days after each page: a day a page ends
 * on may continue on the next page, so it waits for it (or the last page).
 * A failing page leaves the days after the last handed-over slice unread;
 * the error propagates after `store` has taken every complete day.
 *
 * The number of requests depends on the days and on the groups per page, not
 * on the number of components.
 */
export async function readDailyCosts(options: {
  client: CostExplorerClient;
  environment: string;
  componentTagKey: string;
  filter: Expression;
  from: CostDay;
  to: CostDay;
  store: (slice: DailyCostsSlice) => Promise<void>;
  signal?: AbortSignal;
}): Promise<void> {
  const { environment } = options;
  // Rows of days not yet handed over, by day then `component\0service`.
  let pending = new Map<CostDay, Map<string, DailyCostRow>>();
  const estimated = new Set<CostDay>();
  let sliceFrom = options.from;

  const add = (result: ResultByTime) => {
    const day = result.TimePeriod?.Start?.slice(0, 10);
    if (!day || day < options.from || day >= options.to) {
      return;
    }
    let rows = pending.get(day);
    if (!rows) {
      rows = new Map();
      pending.set(day, rows);
    }
    if (result.Estimated) {
      estimated.add(day);
    }
    for (const group of result.Groups ?? []) {
      const [tagKey, awsService] = group.Keys ?? [];
      const metric = group.Metrics?.[COST_METRIC];
      const amount = Number(metric?.Amount ?? 0);
      if (tagKey === undefined || awsService === undefined || !amount) {
        continue;
      }
      const component = tagValueOf(tagKey);
      const key = `${component}\0${awsService}`;
      const row = rows.get(key);
      if (row) {
        // The same group again on the next page of a split day.
        row.amount += amount;
      } else {
        rows.set(key, {
          environment,
          day,
          component,
          awsService,
          amount,
          currency: metric?.Unit ?? 'USD',
          estimated: false,
        });
      }
    }
  };

  const handOver = async (until: CostDay) => {
    if (until <= sliceFrom) {
      return;
    }
    const rows: DailyCostRow[] = [];
    let firstEstimated: CostDay | undefined;
    const kept = new Map<CostDay, Map<string, DailyCostRow>>();
    for (const [day, dayRows] of [...pending].sort(([a], [b]) =>
      a < b ? -1 : 1,
    )) {
      if (day >= until) {
        kept.set(day, dayRows);
        continue;
      }
      const isEstimated = estimated.has(day);
      if (isEstimated && firstEstimated === undefined) {
        firstEstimated = day;
      }
      for (const row of dayRows.values()) {
        rows.push({ ...row, estimated: isEstimated });
      }
    }
    await options.store({
      from: sliceFrom,
      to: until,
      rows,
      ...(firstEstimated !== undefined && { firstEstimated }),
    });
    pending = kept;
    sliceFrom = until;
  };

  let token: string | undefined;
  do {
    options.signal?.throwIfAborted();
    const output = await options.client.send(
      new GetCostAndUsageCommand({
        TimePeriod: { Start: options.from, End: options.to },
        Granularity: 'DAILY',
        Metrics: [COST_METRIC],
        GroupBy: [
          { Type: 'TAG', Key: options.componentTagKey },
          { Type: 'DIMENSION', Key: 'SERVICE' },
        ],
        Filter: options.filter,
        NextPageToken: token,
      }),
      { abortSignal: options.signal },
    );
    const results = output.ResultsByTime ?? [];
    results.forEach(add);
    token = output.NextPageToken || undefined;
    if (token) {
      // The last day of the page may go on in the next one.
      const last = results[results.length - 1]?.TimePeriod?.Start?.slice(0, 10);
      if (last) {
        await handOver(last);
      }
    }
  } while (token);
  await handOver(options.to);
}
