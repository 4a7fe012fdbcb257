import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { Portfolio } from '@internal/plugin-availability-common';
import express from 'express';
import request from 'supertest';
import { AvailabilityModel } from './AvailabilityModel';
import { createRouter } from './createRouter';
import { PortfolioResponseCache } from './PortfolioResponseCache';

const PORTFOLIO: Portfolio = {
  range: {
    period: '30d',
    start: '2026-11-01T00:00:00.000Z',
    end: '2026-12-01T00:00:00.000Z',
  },
  freshness: { collectedAt: '2026-12-01T00:00:00.000Z', stale: false },
  rows: [],
};

describe('createRouter: the portfolio', () => {
  async function setUp() {
    const model: jest.Mocked<AvailabilityModel> = {
      getPortfolio: jest.fn(async ({ environment }) => {
        if (environment === 'qa') {
          throw new InputError('Unknown environment qa');
        }
        return PORTFOLIO;
      }),
      getComponentAvailability: jest.fn(),
    };
    const portfolioCache = new PortfolioResponseCache({ ttlMs: 60_000 });
    const middleware = MiddlewareFactory.create({
      config: new ConfigReader({}),
      logger: mockServices.rootLogger(),
    });
    // As the backend serves every plugin: compressed when the client asks.
    const app = express()
      .use(middleware.compression())
      .use(
        '/api/availability',
        await createRouter({
          httpAuth: mockServices.httpAuth(),
          model,
          portfolioCache,
          validateResponses: true,
        }),
      )
      .use(middleware.error());
    const get = (path: string) =>
      request(app)
        .get(`/api/availability${path}`)
        .set('Authorization', mockCredentials.user.header());
    return { get, model, portfolioCache };
  }

  it('answers every reader of a period from one load, gzipped or plain as each asks, until the cache is cleared', async () => {
    const { get, model, portfolioCache } = await setUp();
    const first = await get('/portfolio?period=30d');
    const gzipped = await get('/portfolio?period=30d').set(
      'Accept-Encoding',
      'gzip',
    );
    const plain = await get('/portfolio?period=30d').set(
      'Accept-Encoding',
      'identity',
    );

    for (const res of [first, gzipped, plain]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual(PORTFOLIO);
    }
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(model.getPortfolio).toHaveBeenCalledTimes(1);

    await get('/portfolio?period=7d');
    expect(model.getPortfolio).toHaveBeenCalledTimes(2);
    portfolioCache.clear();
    await get('/portfolio?period=30d');
    expect(model.getPortfolio).toHaveBeenCalledTimes(3);
  });

  it('answers an unknown environment with 400 every time', async () => {
    const { get, model } = await setUp();
    for (let i = 0; i < 2; i++) {
      const res = await get('/portfolio?environment=qa');
      expect(res.status).toBe(400);
    }
    expect(model.getPortfolio).toHaveBeenCalledTimes(2);
  });
});
