/**
 * Splits items into consecutive batches of at most `size`, e.g. service ARNs
 * into GetResources pages or DescribeServices requests of 10.
 *
 * @public
 */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(
      `chunk size must be a whole number of at least 1, got ${size}`,
    );
  }
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    batches.push(items.slice(i, i + size));
  }
  return batches;
}
