import { PortfolioRow } from '@internal/plugin-availability-common';
import { CsvColumn, toCsv } from '@internal/shipyard-react';

const COLUMNS: CsvColumn<PortfolioRow>[] = [
  ['entity_ref', r => r.entityRef],
  ['service', r => r.title ?? r.name],
  ['system', r => r.system],
  ['owner', r => r.owner],
  ['environment', r => r.environment],
  ['tier', r => r.tier],
  ['sli', r => r.sli.kind],
  ['sli_description', r => r.sli.description],
  ['state', r => r.state],
  ['availability_percent', r => r.availability],
  ['target_percent', r => r.objective?.target],
  ['target_source', r => r.objective?.source],
  ['budget_unit', r => r.budget?.unit],
  ['budget_total', r => r.budget?.total],
  ['budget_consumed', r => r.budget?.consumed],
  ['budget_remaining', r => r.budget?.remaining],
  ['budget_remaining_percent', r => r.budget?.remainingPercent],
  ['fast_burn_alert', r => r.alert?.fast],
  ['slow_burn_alert', r => r.alert?.slow],
  ['good', r => r.totals?.good],
  ['total', r => r.totals?.total],
  ['no_data_minutes', r => r.totals?.noDataMinutes],
];

/** The rows as CSV, with full-precision figures for whoever computes with them. */
export function portfolioCsv(rows: readonly PortfolioRow[]): string {
  return toCsv(COLUMNS, rows);
}
