/**
 * Calls `fn` every 200 ms until it returns something other than undefined,
 * and returns that; fails naming `what` after `timeoutMs` (default 60 s).
 * For state a backend reaches on its own: the catalog ingesting its
 * locations, a scheduled task having run.
 */
export async function eventually<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
}
