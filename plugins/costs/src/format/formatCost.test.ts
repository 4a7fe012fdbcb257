import {
  formatChangePercent,
  formatCost,
  formatCostChange,
  formatCostCompact,
  formatShare,
} from './formatCost';
import { formatDay, formatMonth, formatMonthShort } from './formatMonth';
import { readMonths } from './months';

describe('formatCost', () => {
  it('shows cents below a thousand and whole units above, in the data’s currency', () => {
    expect(formatCost(56.2, 'USD')).toBe('$56.20');
    expect(formatCost(0, 'USD')).toBe('$0.00');
    expect(formatCost(1234.56, 'USD')).toBe('$1,235');
    expect(formatCost(98765.4, 'EUR')).toBe('€98,765');
    expect(formatCost(-12.5, 'USD')).toBe('\u2212$12.50');
    expect(formatCost(undefined, 'USD')).toBe('—');
  });

  it('keeps a code that is no ISO currency', () => {
    expect(formatCost(12, 'credits')).toBe('12.00 credits');
  });

  it('signs changes', () => {
    expect(formatCostChange(1234.4, 'USD')).toBe('+$1,234');
    expect(formatCostChange(-56.2, 'USD')).toBe('\u2212$56.20');
    expect(formatCostChange(0, 'USD')).toBe('$0.00');
  });

  it('abbreviates for chart axes', () => {
    expect(formatCostCompact(1234, 'USD')).toBe('$1.2K');
    expect(formatCostCompact(35, 'USD')).toBe('$35');
  });
});

describe('formatChangePercent', () => {
  it('compares with the previous amount, and says when there was none', () => {
    expect(formatChangePercent(112.5, 100)).toBe('+12.5 %');
    expect(formatChangePercent(97, 100)).toBe('\u22123.0 %');
    expect(formatChangePercent(100, 100)).toBe('0.0 %');
    expect(formatChangePercent(5, 0)).toBe('new');
    expect(formatChangePercent(0, 0)).toBe('—');
    expect(formatChangePercent(5, undefined)).toBe('—');
  });
});

describe('formatShare', () => {
  it('rounds to whole percent and shows a small share as such', () => {
    expect(formatShare(72.4)).toBe('72 %');
    expect(formatShare(0.3)).toBe('<1 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(undefined)).toBe('—');
  });
});

describe('formatMonth', () => {
  it('names UTC calendar months and days', () => {
    expect(formatMonth('2026-11')).toBe('Nov 2026');
    expect(formatMonthShort('2026-01')).toBe('Jan');
    expect(formatDay('2026-11-30')).toBe('Nov 30');
  });

  it('reads 3, 6 or 12 months from a URL, 6 otherwise', () => {
    expect(readMonths('12')).toBe(12);
    expect(readMonths('3')).toBe(3);
    expect(readMonths('7')).toBe(6);
    expect(readMonths(null)).toBe(6);
  });
});
