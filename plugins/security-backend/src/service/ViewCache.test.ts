import { ViewCache } from './ViewCache';

describe('ViewCache', () => {
  it('computes each key once per generation, for callers that miss together too', async () => {
    const cache = new ViewCache(10);
    const load = jest.fn(async () => ({ value: 1 }));
    const [a, b] = await Promise.all([
      cache.get('g1', 'k', load),
      cache.get('g1', 'k', load),
    ]);
    expect(b).toBe(a);
    expect(await cache.get('g1', 'k', load)).toBe(a);
    expect(load).toHaveBeenCalledTimes(1);
    await cache.get('g1', 'other', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('drops every answer of an old generation', async () => {
    const cache = new ViewCache(10);
    const load = jest.fn(async () => ({}));
    const old = await cache.get('g1', 'k', load);
    const fresh = await cache.get('g2', 'k', load);
    expect(fresh).not.toBe(old);
    expect(await cache.get('g2', 'k', load)).toBe(fresh);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep a failed computation', async () => {
    const cache = new ViewCache(10);
    const load = jest
      .fn<Promise<string>, []>()
      .mockRejectedValueOnce(new Error('database gone'))
      .mockResolvedValue('ok');
    await expect(cache.get('g', 'k', load)).rejects.toThrow('database gone');
    await expect(cache.get('g', 'k', load)).resolves.toBe('ok');
  });

  it('keeps at most its bound, dropping the oldest first', async () => {
    const cache = new ViewCache(2);
    const load = jest.fn(async () => ({}));
    const a = await cache.get('g', 'a', load);
    const b = await cache.get('g', 'b', load);
    await cache.get('g', 'c', load);
    expect(await cache.get('g', 'b', load)).toBe(b);
    expect(await cache.get('g', 'a', load)).not.toBe(a);
    expect(load).toHaveBeenCalledTimes(4);
  });
});
