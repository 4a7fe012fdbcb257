import { allowedErrorRatio, errorBudget, isOverspent } from './errorBudget';

describe('allowedErrorRatio', () => {
  it.each([
    [99.9, 0.001],
    [99.95, 0.0005],
    [99.97, 0.0003],
    [99.9999, 0.000001],
    [99, 0.01],
    [100, 0],
  ])('allows %s %% to fail %s of units', (target, ratio) => {
    expect(allowedErrorRatio(target)).toBe(ratio);
  });
});

describe('errorBudget', () => {
  it('allows (1 − target) of the requests counted so far', () => {
    // 1,000,000 requests at 99.9 %: 1,000 may fail; 250 did.
    expect(
      errorBudget({ good: 999_750, total: 1_000_000 }, 99.9, 'requests'),
    ).toEqual({
      unit: 'requests',
      total: 1000,
      consumed: 250,
      remaining: 750,
      remainingPercent: 75,
    });
  });

  it('counts minutes for the health SLI', () => {
    // 30 days of counted minutes (43,200) at 99.9 %: 43.2 minutes.
    const budget = errorBudget({ good: 43_170, total: 43_200 }, 99.9, 'health');
    expect(budget.unit).toBe('minutes');
    expect(budget.total).toBeCloseTo(43.2, 10);
    expect(budget.consumed).toBe(30);
    expect(budget.remaining).toBeCloseTo(13.2, 10);
    expect(budget.remainingPercent).toBeCloseTo(30.5556, 3);
  });

  it('goes negative when overspent', () => {
    const budget = errorBudget(
      { good: 9_970, total: 10_000 },
      99.9,
      'requests',
    );
    expect(budget).toEqual({
      unit: 'requests',
      total: 10,
      consumed: 30,
      remaining: -20,
      remainingPercent: -200,
    });
    expect(isOverspent(budget)).toBe(true);
  });

  it('is exactly spent, not overspent, at the target', () => {
    const budget = errorBudget({ good: 999, total: 1000 }, 99.9, 'requests');
    expect(budget.remaining).toBeCloseTo(0, 12);
    expect(isOverspent(budget)).toBe(false);
  });

  it('gives a 100 % target a zero budget: 100 % left until anything fails, then 0', () => {
    const clean = errorBudget({ good: 5000, total: 5000 }, 100, 'requests');
    expect(clean).toEqual({
      unit: 'requests',
      total: 0,
      consumed: 0,
      remaining: 0,
      remainingPercent: 100,
    });
    expect(isOverspent(clean)).toBe(false);
    const failed = errorBudget({ good: 4999, total: 5000 }, 100, 'requests');
    expect(failed).toEqual({
      unit: 'requests',
      total: 0,
      consumed: 1,
      remaining: -1,
      remainingPercent: 0,
    });
    expect(isOverspent(failed)).toBe(true);
  });

  it('has an intact zero budget without traffic', () => {
    expect(errorBudget({ good: 0, total: 0 }, 99.9, 'requests')).toEqual({
      unit: 'requests',
      total: 0,
      consumed: 0,
      remaining: 0,
      remainingPercent: 100,
    });
  });
});
