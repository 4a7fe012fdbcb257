import { allSettledOrThrow } from './allSettledOrThrow';

describe('allSettledOrThrow', () => {
  it('returns every value in order', async () => {
    await expect(
      allSettledOrThrow([Promise.resolve(1), Promise.resolve(2)]),
    ).resolves.toEqual([1, 2]);
  });

  it('throws the first failure only after the slower calls have finished', async () => {
    let slowFinished = false;
    const slow = new Promise<number>(resolve =>
      setTimeout(() => {
        slowFinished = true;
        resolve(2);
      }, 20),
    );
    await expect(
      allSettledOrThrow([Promise.reject(new Error('throttled')), slow]),
    ).rejects.toThrow('throttled');
    expect(slowFinished).toBe(true);
  });
});
