const MINUS = '\u2212';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(
  currency: string,
  fractionDigits: number,
  signed: boolean,
): Intl.NumberFormat {
  const key = `${currency}:${fractionDigits}:${signed}`;
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat('en-US', {
        style: 'currency',
        currency,
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
        signDisplay: signed ? 'exceptZero' : 'auto',
      });
    } catch {
      // Not an ISO 4217 code: the amount with the code after it.
      format = new Intl.NumberFormat('en-US', {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
        signDisplay: signed ? 'exceptZero' : 'auto',
      });
      const plain = format;
      format = {
        format: (n: number) => `${plain.format(n)} ${currency}`,
      } as Intl.NumberFormat;
    }
    formatters.set(key, format);
  }
  return format;
}

// Cents matter below a thousand (a dev environment's day); above, they are noise.
function digitsFor(amount: number): number {
  return Math.abs(amount) >= 1000 ? 0 : 2;
}

/** An amount in the data's currency: "$1,234", "$56.20"; "—" when absent. */
export function formatCost(
  amount: number | undefined,
  currency: string,
): string {
  if (amount === undefined || !Number.isFinite(amount)) {
    return '—';
  }
  return formatter(currency, digitsFor(amount), false)
    .format(amount)
    .replace('-', MINUS);
}

/** A change in the data's currency, always signed: "+$1,234", "−$56.20", "$0.00". */
export function formatCostChange(
  change: number | undefined,
  currency: string,
): string {
  if (change === undefined || !Number.isFinite(change)) {
    return '—';
  }
  return formatter(currency, digitsFor(change), true)
    .format(change)
    .replace('-', MINUS);
}

/** An axis label: "$1.2K", "$35". */
export function formatCostCompact(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      notation: 'compact',
      minimumFractionDigits: 0,
      maximumFractionDigits: 1,
    })
      .format(amount)
      .replace('-', MINUS);
  } catch {
    return formatCost(amount, currency);
  }
}

/**
 * The relative change from `previous` to `current`: "+12.5 %", "−3.0 %";
 * "new" when there was nothing before; "—" when neither has a cost.
 */
export function formatChangePercent(
  current: number,
  previous: number | undefined,
): string {
  if (previous === undefined) {
    return '—';
  }
  if (previous === 0) {
    return current === 0 ? '—' : 'new';
  }
  const percent = ((current - previous) / Math.abs(previous)) * 100;
  let sign = '';
  if (percent > 0) sign = '+';
  if (percent < 0) sign = MINUS;
  return `${sign}${Math.abs(percent).toFixed(1)} %`;
}

/** A share in percent: "72 %", "<1 %" for a small share that is not nothing. */
export function formatShare(percent: number | undefined): string {
  if (percent === undefined || !Number.isFinite(percent)) {
    return '—';
  }
  if (percent > 0 && percent < 1) {
    return '<1 %';
  }
  return `${Math.round(percent)} %`;
}
