import {
  describeBudget,
  formatBudgetAmount,
  formatBudgetPercent,
} from './formatBudget';

describe('formatBudget', () => {
  it.each([
    [72.9, '72 %'],
    [4.56, '4.5 %'],
    [0.04, '0.0 %'],
    [-0.5, '\u22120.5 %'],
    [-15.3, '\u221216 %'],
    [100, '100 %'],
    [undefined, '—'],
  ])('%s %% left reads %s', (percent, expected) => {
    expect(formatBudgetPercent(percent)).toBe(expected);
  });

  it('counts requests and minutes in their units', () => {
    expect(formatBudgetAmount(1234.4, 'requests')).toBe('1,234 requests');
    expect(formatBudgetAmount(1, 'requests')).toBe('1 request');
    expect(formatBudgetAmount(43.2, 'minutes')).toBe('43 min');
    expect(formatBudgetAmount(130, 'minutes')).toBe('2.2 h');
  });

  it('says what is left, or by how much it is overspent', () => {
    expect(
      describeBudget({
        unit: 'minutes',
        total: 43.2,
        consumed: 31,
        remaining: 12.2,
        remainingPercent: 28,
      }),
    ).toBe('12 min left of 43 min');
    expect(
      describeBudget({
        unit: 'requests',
        total: 1000,
        consumed: 1500,
        remaining: -500,
        remainingPercent: -50,
      }),
    ).toBe('500 requests over a budget of 1,000 requests');
  });
});
