import { ComponentCosts, Portfolio } from '@internal/plugin-costs-common';
import { CachedCostsModel } from './CachedCostsModel';
import { StoredCostsModel } from './CostsModel';

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

function componentCosts(entityRef: string, load: number): ComponentCosts {
  return {
    entityRef,
    currency: 'USD',
    freshness: { stale: false, refreshedAt: new Date(load).toISOString() },
    environments: [],
    anomalies: [],
  };
}

const LEDGER = 'component:default/ledger-service';
const CHECKOUT = 'component:default/checkout-api';

describe('CachedCostsModel', () => {
  let now = 1_000_000;
  let loads = 0;
  const inner: jest.Mocked<StoredCostsModel> = {
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
    inner.getComponentCosts.mockImplementation(async ({ entityRef }) =>
      componentCosts(entityRef, ++loads),
    );
  });

  it('gives the same portfolio per months within the TTL, loading it once', async () => {
    const model = create();
    const first = await model.getPortfolio({ months: 6 });
    now += 29_999;
    await expect(model.getPortfolio({ months: 6 })).resolves.toBe(first);
    expect(inner.getPortfolio).toHaveBeenCalledTimes(1);

    const twelve = await model.getPortfolio({ months: 12 });
    expect(twelve).not.toBe(first);
    expect(inner.getPortfolio).toHaveBeenLastCalledWith({ months: 12 });
  });

  it('shares one portfolio load among callers that miss together, and loads again after the TTL', async () => {
    const model = create();
    const [a, b, c] = await Promise.all(
      [1, 2, 3].map(() => model.getPortfolio({ months: 6 })),
    );
    expect(inner.getPortfolio).toHaveBeenCalledTimes(1);
    expect(b).toBe(a);
    expect(c).toBe(a);

    now += 30_000;
    const later = await model.getPortfolio({ months: 6 });
    expect(later.apiSpend.requests).toBe(2);
  });

  it('keeps no failed portfolio load', async () => {
    const model = create();
    inner.getPortfolio.mockRejectedValueOnce(new Error('database gone'));
    await expect(model.getPortfolio({ months: 6 })).rejects.toThrow(
      'database gone',
    );
    await expect(model.getPortfolio({ months: 6 })).resolves.toEqual(
      portfolio(1),
    );
  });

  it("gives a component's costs per component and months within the TTL, one load for callers that miss together", async () => {
    const model = create();
    const [a, b] = await Promise.all([
      model.getComponentCosts({ entityRef: LEDGER, months: 6 }),
      model.getComponentCosts({ entityRef: LEDGER, months: 6 }),
    ]);
    expect(b).toBe(a);
    expect(inner.getComponentCosts).toHaveBeenCalledTimes(1);
    expect(inner.getComponentCosts).toHaveBeenCalledWith({
      entityRef: LEDGER,
      months: 6,
    });

    now += 29_999;
    await expect(
      model.getComponentCosts({ entityRef: LEDGER, months: 6 }),
    ).resolves.toBe(a);
    // Another component, or other months: their own loads.
    const checkout = await model.getComponentCosts({
      entityRef: CHECKOUT,
      months: 6,
    });
    expect(checkout.entityRef).toBe(CHECKOUT);
    const twelve = await model.getComponentCosts({
      entityRef: LEDGER,
      months: 12,
    });
    expect(twelve).not.toBe(a);
    expect(inner.getComponentCosts).toHaveBeenCalledTimes(3);

    // After the TTL, read again.
    now += 1;
    const later = await model.getComponentCosts({
      entityRef: LEDGER,
      months: 6,
    });
    expect(later).not.toBe(a);
    expect(later.freshness.refreshedAt).toBe(new Date(4).toISOString());
  });

  it("keeps no failed load of a component's costs", async () => {
    const model = create();
    inner.getComponentCosts.mockRejectedValueOnce(new Error('database gone'));
    await expect(
      model.getComponentCosts({ entityRef: LEDGER, months: 6 }),
    ).rejects.toThrow('database gone');
    await expect(
      model.getComponentCosts({ entityRef: LEDGER, months: 6 }),
    ).resolves.toEqual(componentCosts(LEDGER, 1));
  });

  it('keeps the 500 components most recently read', async () => {
    const model = create();
    const refs = Array.from(
      { length: 501 },
      (_, i) => `component:default/service-${i}`,
    );
    for (const entityRef of refs.slice(0, 500)) {
      await model.getComponentCosts({ entityRef, months: 6 });
    }
    // The first is read again: the second is now the least recently used.
    await model.getComponentCosts({ entityRef: refs[0], months: 6 });
    await model.getComponentCosts({ entityRef: refs[500], months: 6 });
    expect(inner.getComponentCosts).toHaveBeenCalledTimes(501);

    await model.getComponentCosts({ entityRef: refs[0], months: 6 });
    await model.getComponentCosts({ entityRef: refs[2], months: 6 });
    expect(inner.getComponentCosts).toHaveBeenCalledTimes(501);
    await model.getComponentCosts({ entityRef: refs[1], months: 6 });
    expect(inner.getComponentCosts).toHaveBeenCalledTimes(502);
  });
});
