/** A CSV cell's value; absent values are empty cells. */
export type CsvValue = string | number | boolean | null | undefined;

/** A CSV column: its header and how a row fills it. */
export type CsvColumn<T> = readonly [
  header: string,
  value: (row: T) => CsvValue,
];

function cell(value: CsvValue): string {
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
 * Rows as CSV (RFC 4180: comma separated, CRLF, quoted where needed), with
 * numbers at full precision for whoever computes with them.
 */
export function toCsv<T>(
  columns: readonly CsvColumn<T>[],
  rows: readonly T[],
): string {
  const lines = [columns.map(([header]) => cell(header)).join(',')];
  for (const row of rows) {
    lines.push(columns.map(([, value]) => cell(value(row))).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
