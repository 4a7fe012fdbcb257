import { chunk } from './chunk';

describe('chunk', () => {
  it('splits into batches of at most the size, in order', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([1, 2], 2)).toEqual([[1, 2]]);
    expect(chunk([], 10)).toEqual([]);
  });

  it('batches 25 services into DescribeServices requests of 10', () => {
    const arns = Array.from({ length: 25 }, (_, i) => `arn-${i}`);
    const batches = chunk(arns, 10);
    expect(batches.map(b => b.length)).toEqual([10, 10, 5]);
    expect(batches.flat()).toEqual(arns);
  });

  it('rejects sizes that would loop forever or drop items', () => {
    expect(() => chunk([1], 0)).toThrow(RangeError);
    expect(() => chunk([1], 1.5)).toThrow(RangeError);
  });
});
