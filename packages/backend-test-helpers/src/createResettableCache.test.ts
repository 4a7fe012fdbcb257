import { createResettableCache } from './createResettableCache';
import { eventually } from './eventually';

describe('createResettableCache', () => {
  it('keeps values per plugin until reset', async () => {
    const cache = createResettableCache();
    await cache.forPlugin('a').set('k', 1);
    await expect(cache.forPlugin('a').get('k')).resolves.toBe(1);
    await expect(cache.forPlugin('b').get('k')).resolves.toBeUndefined();
    cache.reset();
    await expect(cache.forPlugin('a').get('k')).resolves.toBeUndefined();
  });
});

describe('eventually', () => {
  it('returns the first defined value', async () => {
    let calls = 0;
    await expect(
      eventually('the third call', async () =>
        ++calls === 3 ? 'x' : undefined,
      ),
    ).resolves.toBe('x');
    expect(calls).toBe(3);
  });

  it('names what it waited for when it times out', async () => {
    await expect(
      eventually('the catalog', async () => undefined, 300),
    ).rejects.toThrow('Timed out waiting for the catalog');
  });
});
