import { mockCredentials } from '@backstage/backend-test-utils';
import { Portfolio } from '@internal/plugin-costs-common';
import { CachedCostsModel } from './CachedCostsModel';
import { CostsModel } from './CostsModel';

function portfolio(requests: number): Portfolio {
  return {
    currency: 'USD',
    months: ['2026-12'],
    freshness: { stale: false },
    apiSpend: { month: '2026-12', requests, usd: requests / 100 },
    rows: [],
    anomalies: [],
  };
}

const manager = mockCredentials.user('user:default/mei.chen');
const developer = mockCredentials.user('user:default/jonas.weber');

describe('CachedCostsModel', () => {
  let now = 1_000_000;
  let loads = 0;
  const inner: jest.Mocked<CostsModel> = {
    getPortfolio: jest.fn(),
    getComponentCosts: jest.fn(),
  };
  const create = () =>
    CachedCostsModel.create({ model: inner, ttlMs: 30_000, now: () => now });

  beforeEach(() => {
    now = 1_000_000;
    loads = 0;
    jest.resetAllMocks();
    inner.getPortfolio.mockImplementation(async () => portfolio(++loads));
  });

  it('gives every caller the same portfolio per months within the TTL, loading it once', async () => {
    const model = create();
    const first = await model.getPortfolio({ months: 6, credentials: manager });
    now += 29_999;
    const second = await model.getPortfolio({
      months: 6,
      credentials: developer,
    });
    expect(second).toBe(first);
    expect(inner.getPortfolio).toHaveBeenCalledTimes(1);

    const twelve = await model.getPortfolio({
      months: 12,
      credentials: manager,
    });
    expect(twelve).not.toBe(first);
    expect(inner.getPortfolio).toHaveBeenLastCalledWith({
      months: 12,
      credentials: manager,
    });
  });

  it('shares one load among callers that miss together, and loads again after the TTL', async () => {
    const model = create();
    const [a, b, c] = await Promise.all(
      [manager, developer, manager].map(credentials =>
        model.getPortfolio({ months: 6, credentials }),
      ),
    );
    expect(inner.getPortfolio).toHaveBeenCalledTimes(1);
    expect(b).toBe(a);
    expect(c).toBe(a);

    now += 30_000;
    const later = await model.getPortfolio({ months: 6, credentials: manager });
    expect(later.apiSpend.requests).toBe(2);
  });

  it('keeps no failed load', async () => {
    const model = create();
    inner.getPortfolio.mockRejectedValueOnce(new Error('database gone'));
    await expect(
      model.getPortfolio({ months: 6, credentials: manager }),
    ).rejects.toThrow('database gone');
    await expect(
      model.getPortfolio({ months: 6, credentials: manager }),
    ).resolves.toEqual(portfolio(1));
  });

  it("reads a component's costs every time, with the caller's credentials", async () => {
    const model = create();
    const costs = {
      entityRef: 'component:default/ledger-service',
      currency: 'USD',
      freshness: { stale: false },
      environments: [],
      anomalies: [],
    };
    inner.getComponentCosts.mockResolvedValue(costs);
    const request = {
      entityRef: {
        kind: 'component',
        namespace: 'default',
        name: 'ledger-service',
      },
      months: 6,
      credentials: developer,
    };
    await expect(model.getComponentCosts(request)).resolves.toBe(costs);
    await model.getComponentCosts(request);
    expect(inner.getComponentCosts).toHaveBeenCalledTimes(2);
    expect(inner.getComponentCosts).toHaveBeenLastCalledWith(request);
  });
});
