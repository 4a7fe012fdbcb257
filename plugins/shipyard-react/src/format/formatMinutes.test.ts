import { formatMinutes } from './formatMinutes';

describe('formatMinutes', () => {
  it.each([
    [0, '0 min'],
    [42.4, '42 min'],
    [59.4, '59 min'],
    [60, '1.0 h'],
    [210, '3.5 h'],
    [47 * 60, '47.0 h'],
    [48 * 60, '2.0 d'],
    [3 * 24 * 60 + 144, '3.1 d'],
  ])('%d minutes is "%s"', (minutes, expected) => {
    expect(formatMinutes(minutes)).toBe(expected);
  });

  it.each([undefined, NaN, Infinity])('%s is a dash', minutes => {
    expect(formatMinutes(minutes)).toBe('—');
  });
});
