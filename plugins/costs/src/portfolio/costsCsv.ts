import { CostRow, Portfolio } from '@internal/plugin-costs-common';
import { CsvColumn, toCsv } from '@internal/shipyard-react';
import { alignMonths } from './alignMonths';
import { Withheld } from './groupCosts';

interface Line {
  kind: 'service' | 'unattributed' | 'withheld';
  row?: CostRow;
  environment: string;
  months: number[];
}

/**
 * The rows shown (services and unattributed cost per environment) and other
 * teams' totals as CSV, one line per service and environment, with every
 * month of the range at full precision.
 */
export function costsCsv(
  portfolio: Pick<Portfolio, 'months' | 'currency'>,
  rows: readonly CostRow[],
  withheld: readonly Withheld[] = [],
): string {
  const lines: Line[] = [
    ...rows.map(row => ({
      kind: row.entityRef ? ('service' as const) : ('unattributed' as const),
      row,
      environment: row.environment,
      months: alignMonths(row.months, portfolio.months),
    })),
    ...withheld.map(total => ({
      kind: 'withheld' as const,
      environment: total.environment,
      months: alignMonths(total.months, portfolio.months),
    })),
  ];
  const columns: CsvColumn<Line>[] = [
    ['kind', l => l.kind],
    ['entity_ref', l => l.row?.entityRef],
    ['service', l => l.row?.title ?? l.row?.name],
    ['system', l => l.row?.system],
    ['owner', l => l.row?.owner],
    ['environment', l => l.environment],
    ['tier', l => l.row?.tier],
    ['currency', () => portfolio.currency],
    ['month_to_date', l => l.row?.monthToDate ?? l.months[l.months.length - 1]],
    ['previous_month_to_date', l => l.row?.previousMonthToDate],
    [
      'previous_month',
      l => l.row?.previousMonth ?? l.months[l.months.length - 2],
    ],
    ...portfolio.months.map(
      (month, i): CsvColumn<Line> => [`cost_${month}`, l => l.months[i]],
    ),
  ];
  return toCsv(columns, lines);
}
