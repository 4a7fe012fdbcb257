import { InputError } from '@backstage/errors';
import { Portfolio } from '@internal/plugin-availability-common';
import { gunzipSync } from 'node:zlib';
import { PortfolioResponseCache } from './PortfolioResponseCache';

function portfolio(collectedAt: string): Portfolio {
  return {
    range: {
      period: '30d',
      start: '2026-11-01T00:00:00.000Z',
      end: '2026-12-01T00:00:00.000Z',
    },
    freshness: { collectedAt, stale: false },
    rows: [],
  };
}

describe('PortfolioResponseCache', () => {
  let now = 0;
  const cache = () =>
    new PortfolioResponseCache({ ttlMs: 10_000, now: () => now });
  beforeEach(() => {
    now = 1_000_000;
  });

  it('loads once per key within the TTL, giving the loaded object to the first caller and its JSON, plain and gzipped, to every one', async () => {
    const subject = cache();
    const load = jest.fn(async () => portfolio('2026-12-01T00:00:00.000Z'));
    const first = await subject.get('30d', load);
    now += 9_999;
    const second = await subject.get('30d', load);

    expect(load).toHaveBeenCalledTimes(1);
    expect(first.loaded).toEqual(portfolio('2026-12-01T00:00:00.000Z'));
    expect(second.loaded).toBeUndefined();
    expect(JSON.parse(second.json.toString())).toEqual(first.loaded);
    expect(gunzipSync(second.gzip).equals(second.json)).toBe(true);
  });

  it('shares one load among callers that miss together', async () => {
    const subject = cache();
    let resolve!: (p: Portfolio) => void;
    const load = jest.fn(() => new Promise<Portfolio>(r => (resolve = r)));
    const answers = Promise.all([
      subject.get('30d', load),
      subject.get('30d', load),
      subject.get('30d', load),
    ]);
    resolve(portfolio('a'));
    const [a, b, c] = await answers;
    expect(load).toHaveBeenCalledTimes(1);
    expect([a.loaded, b.loaded, c.loaded].filter(Boolean)).toHaveLength(1);
    expect(b.json.equals(a.json) && c.json.equals(a.json)).toBe(true);
  });

  it('keeps keys apart, loads again after the TTL or a clear, and keeps no failed load', async () => {
    const subject = cache();
    let n = 0;
    const load = jest.fn(async () => portfolio(String(++n)));
    const read = async (key: string) =>
      JSON.parse((await subject.get(key, load)).json.toString()).freshness
        .collectedAt;

    expect(await read('30d')).toBe('1');
    expect(await read('7d')).toBe('2');
    expect(await read('30d')).toBe('1');
    now += 10_000;
    expect(await read('30d')).toBe('3');
    subject.clear();
    expect(await read('30d')).toBe('4');

    const failing = jest.fn(async () => {
      throw new InputError('Unknown environment qa');
    });
    await expect(subject.get('30d\nqa', failing)).rejects.toThrow(InputError);
    await expect(subject.get('30d\nqa', failing)).rejects.toThrow(InputError);
    expect(failing).toHaveBeenCalledTimes(2);
  });
});
