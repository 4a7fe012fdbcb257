import {
  availabilityDigits,
  formatAvailability,
  formatTarget,
} from './formatAvailability';

describe('formatAvailability', () => {
  it.each([
    [99.9512345, undefined, '99.95 %'],
    [99.95, 99.9, '99.95 %'],
    [99.8999, 99.9, '99.89 %'],
    [99.969, 99.97, '99.96 %'],
    [99.9949, 99.995, '99.994 %'],
    [100, 99.9, '100 %'],
    [0, 99.9, '0.00 %'],
    [null, 99.9, '—'],
    [undefined, undefined, '—'],
  ])('%s against %s reads %s', (value, target, expected) => {
    expect(formatAvailability(value, target)).toBe(expected);
  });

  it('never reads as meeting a target it misses', () => {
    for (const target of [99, 99.5, 99.9, 99.95, 99.97, 99.995]) {
      const justBelow = target - 1e-7;
      const shown = parseFloat(formatAvailability(justBelow, target));
      expect(shown).toBeLessThan(target);
    }
  });

  it('needs as many digits as the target, two at least', () => {
    expect(availabilityDigits()).toBe(2);
    expect(availabilityDigits(99)).toBe(2);
    expect(availabilityDigits(99.995)).toBe(3);
    expect(formatTarget(99.97)).toBe('99.97 %');
    expect(formatTarget(undefined)).toBe('—');
  });
});
