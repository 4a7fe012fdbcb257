/**
 * Like `Promise.all`, but waits for every call to finish before it throws the first failure.
 * A lookup that fans out over regions or clusters must not return while some of its AWS calls
 * are still in flight: they would be counted in the next collector run, not in the one that
 * made them, and could still write to the cache after the caller gave up.
 */
export async function allSettledOrThrow<T extends readonly unknown[] | []>(
  promises: T,
): Promise<{ -readonly [P in keyof T]: Awaited<T[P]> }> {
  const results = (await Promise.allSettled(
    promises,
  )) as PromiseSettledResult<unknown>[];
  for (const result of results) {
    if (result.status === 'rejected') {
      throw result.reason;
    }
  }
  return results.map(r => (r as PromiseFulfilledResult<unknown>).value) as {
    -readonly [P in keyof T]: Awaited<T[P]>;
  };
}
