import { errorBudget } from './errorBudget';
import { sloState } from './sloState';

const quiet = { fast: false, slow: false };

describe('sloState', () => {
  it('is no-target without an objective', () => {
    expect(sloState({ availability: 50 })).toBe('no-target');
  });

  it('is no-data without a counted unit', () => {
    expect(
      sloState({
        target: 99.9,
        budget: errorBudget({ good: 0, total: 0 }, 99.9, 'requests'),
        alert: quiet,
      }),
    ).toBe('no-data');
  });

  it('is breaching below target', () => {
    const counts = { good: 9_980, total: 10_000 };
    expect(
      sloState({
        target: 99.9,
        availability: 99.8,
        budget: errorBudget(counts, 99.9, 'requests'),
        alert: quiet,
      }),
    ).toBe('breaching');
  });

  it('is at risk with less than 25 % of the budget left, or a burn alert', () => {
    const nearlySpent = { good: 9_991.6, total: 10_000 }; // 84 % spent
    expect(
      sloState({
        target: 99.9,
        availability: 99.916,
        budget: errorBudget(nearlySpent, 99.9, 'requests'),
        alert: quiet,
      }),
    ).toBe('at-risk');
    const fine = { good: 9_995, total: 10_000 };
    const budget = errorBudget(fine, 99.9, 'requests');
    expect(
      sloState({ target: 99.9, availability: 99.95, budget, alert: quiet }),
    ).toBe('healthy');
    expect(
      sloState({
        target: 99.9,
        availability: 99.95,
        budget,
        alert: { fast: false, slow: true },
      }),
    ).toBe('at-risk');
  });

  it('holds a 100 % target: healthy without failures, breaching with one', () => {
    expect(
      sloState({
        target: 100,
        availability: 100,
        budget: errorBudget({ good: 10, total: 10 }, 100, 'health'),
        alert: quiet,
      }),
    ).toBe('healthy');
    expect(
      sloState({
        target: 100,
        availability: 90,
        budget: errorBudget({ good: 9, total: 10 }, 100, 'health'),
        alert: quiet,
      }),
    ).toBe('breaching');
  });
});
