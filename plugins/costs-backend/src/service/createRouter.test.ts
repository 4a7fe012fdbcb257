import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { ComponentCosts, Portfolio } from '@internal/plugin-costs-common';
import express from 'express';
import request from 'supertest';
import { CostsModel } from './CostsModel';
import { createRouter } from './createRouter';

const PORTFOLIO: Portfolio = {
  currency: 'USD',
  months: ['2026-11', '2026-12'],
  freshness: { refreshedAt: '2026-12-02T06:00:00.000Z', stale: false },
  apiSpend: { month: '2026-12', requests: 12, usd: 0.12 },
  rows: [
    {
      environment: 'prod',
      tier: 'prod',
      months: [
        { month: '2026-11', amount: 30, estimated: false },
        { month: '2026-12', amount: 2, estimated: true },
      ],
      monthToDate: 2,
      previousMonth: 30,
      previousMonthToDate: 1.5,
    },
  ],
  anomalies: [],
};

const COMPONENT: ComponentCosts = {
  entityRef: 'component:default/checkout-api',
  currency: 'USD',
  freshness: { stale: true },
  environments: [],
  anomalies: [],
};

async function setUp() {
  const model: jest.Mocked<CostsModel> = {
    getPortfolio: jest.fn(),
    getComponentCosts: jest.fn(async ({ entityRef }) => {
      if (entityRef.name === 'secret-service') {
        throw new NotAllowedError('Not allowed');
      }
      if (entityRef.name === 'missing') {
        throw new NotFoundError('No entity');
      }
      return COMPONENT;
    }),
  };
  model.getPortfolio.mockResolvedValue(PORTFOLIO);
  const middleware = MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger: mockServices.rootLogger(),
  });
  const app = express()
    .use(
      '/api/costs',
      await createRouter({
        httpAuth: mockServices.httpAuth(),
        model,
        validateResponses: true,
      }),
    )
    .use(middleware.error());
  const get = (path: string, header = mockCredentials.user.header()) =>
    request(app).get(`/api/costs${path}`).set('Authorization', header);
  return { get, model };
}

describe('createRouter', () => {
  it('serves the portfolio for 6 months by default, or the months asked', async () => {
    const { get, model } = await setUp();
    const res = await get('/portfolio');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(PORTFOLIO);
    expect(model.getPortfolio).toHaveBeenLastCalledWith({
      months: 6,
      credentials: mockCredentials.user(),
    });

    expect((await get('/portfolio?months=12')).status).toBe(200);
    expect(model.getPortfolio).toHaveBeenLastCalledWith(
      expect.objectContaining({ months: 12 }),
    );
  });

  it('answers a portfolio the model gives again as the same object with its bytes, gzipped when the client takes it', async () => {
    const { get } = await setUp();
    const first = await get('/portfolio');
    const again = await get('/portfolio');
    expect(again.status).toBe(200);
    expect(again.headers['content-encoding']).toBe('gzip');
    expect(again.headers['content-type']).toMatch(/^application\/json/);
    expect(again.body).toEqual(first.body);
    expect(again.body).toEqual(PORTFOLIO);

    const plain = await get('/portfolio').set('Accept-Encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(plain.text)).toEqual(PORTFOLIO);
  });

  it("answers a component's costs the model gives again as the same object with their bytes", async () => {
    const { get } = await setUp();
    const path = '/components/default/component/checkout-api';
    const first = await get(path);
    expect(first.headers['content-encoding']).toBeUndefined();
    const again = await get(path);
    expect(again.status).toBe(200);
    expect(again.headers['content-encoding']).toBe('gzip');
    expect(again.body).toEqual(COMPONENT);
  });

  it('passes a service caller through to the model, which decides what it reads', async () => {
    const { get, model } = await setUp();
    const res = await get('/portfolio', mockCredentials.service.header());
    expect(res.status).toBe(200);
    expect(model.getPortfolio).toHaveBeenLastCalledWith(
      expect.objectContaining({ credentials: mockCredentials.service() }),
    );
  });

  it.each(['0', '13', 'six', '1.5'])(
    'refuses months=%s, naming the parameter',
    async months => {
      const { get, model } = await setUp();
      for (const path of [
        `/portfolio?months=${months}`,
        `/components/default/component/checkout-api?months=${months}`,
      ]) {
        const res = await get(path);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain('months');
      }
      expect(model.getPortfolio).not.toHaveBeenCalled();
      expect(model.getComponentCosts).not.toHaveBeenCalled();
    },
  );

  it('refuses callers without a token', async () => {
    const { get, model } = await setUp();
    for (const path of [
      '/portfolio',
      '/components/default/component/checkout-api',
    ]) {
      expect((await get(path, mockCredentials.none.header())).status).toBe(401);
    }
    expect(model.getPortfolio).not.toHaveBeenCalled();
  });

  it("serves a component's costs with the caller's credentials, 403 and 404 as the model says", async () => {
    const { get, model } = await setUp();
    const res = await get(
      '/components/default/Component/checkout-api?months=3',
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual(COMPONENT);
    expect(model.getComponentCosts).toHaveBeenLastCalledWith({
      entityRef: {
        namespace: 'default',
        kind: 'Component',
        name: 'checkout-api',
      },
      months: 3,
      credentials: mockCredentials.user(),
    });

    const denied = await get('/components/default/component/secret-service');
    expect(denied.status).toBe(403);
    expect(denied.body.error.name).toBe('NotAllowedError');
    const missing = await get('/components/default/component/missing');
    expect(missing.status).toBe(404);
    const malformed = await get('/components/default/component/-bad name');
    expect(malformed.status).toBe(400);
  });
});
