// Enough digits to tell 99.95 from 99.9; more only when the target has more.
const MIN_DIGITS = 2;
// Guards floor() against binary fractions: 99.95 * 100 is 9994.999….
const EPSILON = 1e-9;

function decimals(value: number): number {
  const [, fraction = ''] = String(value).split('.');
  return fraction.length;
}

/**
 * How many decimals an availability needs next to its target: two, or the
 * target's own when it has more (99.995 needs three).
 */
export function availabilityDigits(target?: number): number {
  return Math.max(MIN_DIGITS, target === undefined ? 0 : decimals(target));
}

/**
 * An availability in percent for reading: "99.95 %". Rounded down, never up,
 * so that a service just below its target never reads as meeting it
 * (99.8999 is "99.89 %" against 99.9). Exactly 100 is "100 %"; "—" without data.
 */
export function formatAvailability(
  value: number | null | undefined,
  target?: number,
): string {
  if (value === null || value === undefined || !Number.isFinite(value)) {
    return '—';
  }
  if (value >= 100) {
    return '100 %';
  }
  const digits = availabilityDigits(target);
  const scale = 10 ** digits;
  return `${(Math.floor(value * scale + EPSILON) / scale).toFixed(digits)} %`;
}

/** A target in percent as configured: "99.9 %", "99.97 %". */
export function formatTarget(target: number | undefined): string {
  return target === undefined ? '—' : `${target} %`;
}
