import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { AvailabilityModel } from './AvailabilityModel';
import { PortfolioResponseCache } from './PortfolioResponseCache';

/**
 * How long one portfolio answer is served: short against the collector's
 * interval (5 minutes), so a new cycle's figures show within seconds on a
 * replica that did not run it, and the freshness shown is seconds old.
 */
export const PORTFOLIO_CACHE_TTL_MS = 10_000;

/**
 * The availability plugin's routes, one handler per operation of
 * src/schema/openapi.yaml. The generated router validates every request
 * against the spec (a 400 naming the parameter); with `validateResponses` it
 * also refuses a response that breaks the spec, as development and the tests
 * run it. Every route needs a user or service token and reads the database
 * only. There is no mutation, so nothing to audit or authorize beyond
 * authentication: availability is readable by everyone signed in.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  model: AvailabilityModel;
  validateResponses?: boolean;
  /** Where portfolio answers are kept; by default one of PORTFOLIO_CACHE_TTL_MS. */
  portfolioCache?: PortfolioResponseCache;
}): Promise<express.Router> {
  const { httpAuth, model } = options;
  const portfolios =
    options.portfolioCache ??
    new PortfolioResponseCache({ ttlMs: PORTFOLIO_CACHE_TTL_MS });
  const router = await createOpenApiRouter({
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });

  router.get('/portfolio', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const period = req.query.period ?? '30d';
    const environment = req.query.environment;
    // The same for every caller: availability is readable by everyone signed in.
    const response = await portfolios.get(
      `${period}\n${environment ?? ''}`,
      () => model.getPortfolio({ period, environment, credentials }),
    );
    if (response.loaded) {
      // The load's own answer goes through res.json, where responses are validated.
      res.json(response.loaded);
      return;
    }
    // The stored bytes as they are (the typed res.send takes only the
    // contract's objects); gzipped when the client takes it, which the
    // backend's compression middleware then leaves alone.
    const gzipped = req.acceptsEncodings('gzip') === 'gzip';
    const body = gzipped ? response.gzip : response.json;
    res.vary('Accept-Encoding');
    res.type('application/json');
    if (gzipped) {
      res.set('Content-Encoding', 'gzip');
    }
    res.set('Content-Length', String(body.length));
    res.end(body);
  });

  router.get('/components/:namespace/:kind/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await model.getComponentAvailability({
        entityRef: req.params,
        period: req.query.period ?? '30d',
        credentials,
      }),
    );
  });

  return router;
}
