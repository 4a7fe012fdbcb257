import { SharedLoadCache } from './SharedLoadCache';

describe('SharedLoadCache', () => {
  it('keeps no load that throws before it starts, and drops the least recently used key first', async () => {
    let now = 0;
    const cache = SharedLoadCache.create<number>({
      ttlMs: 1_000,
      maxEntries: 2,
      now: () => now,
    });
    await expect(
      cache.get('a', () => {
        throw new Error('no connection');
      }),
    ).rejects.toThrow('no connection');
    const load = jest.fn(async () => now);
    await expect(cache.get('a', load)).resolves.toBe(0);

    now = 10;
    await cache.get('b', load);
    await cache.get('a', load);
    await cache.get('c', load);
    expect(load).toHaveBeenCalledTimes(3);
    // b was the least recently used: dropped; a is kept.
    await expect(cache.get('a', load)).resolves.toBe(0);
    await expect(cache.get('b', load)).resolves.toBe(10);
    expect(load).toHaveBeenCalledTimes(4);
  });
});
