import { PortfolioRow } from '@internal/plugin-availability-common';

type Cell = string | number | boolean | null | undefined;

const COLUMNS: [string, (row: PortfolioRow) => Cell][] = [
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

function cell(value: Cell): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value !== 'string') {
    return String(value);
  }
  // A text cell starting with = + - @ would run as a formula in a spreadsheet.
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The rows as CSV (RFC 4180: comma separated, CRLF, quoted where needed),
 * with full-precision figures for whoever computes with them.
 */
export function portfolioCsv(rows: readonly PortfolioRow[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const row of rows) {
    lines.push(COLUMNS.map(([, value]) => cell(value(row))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
