import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { CostsModel } from './CostsModel';
import { SerializedResponses } from './SerializedResponses';

const DEFAULT_MONTHS = 6;

/**
 * The costs plugin's routes, one handler per operation of
 * src/schema/openapi.yaml. The generated router validates every request
 * against the spec (a 400 naming the parameter); with `validateResponses` it
 * also refuses a response that breaks the spec, as development and the tests
 * run it. Every route needs a user or service token and reads the database
 * only; who may read which service's costs is the model's to decide
 * (AuthorizedCostsModel), with the caller's credentials. An answer the
 * model gives again as the same object (the portfolio views and component
 * costs it shares between callers) is sent as bytes serialized once.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  model: CostsModel;
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { httpAuth, model } = options;
  const serialized = new SerializedResponses();
  const router = await createOpenApiRouter({
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });

  /**
   * Answers with `value`: the first time through res.json (where responses
   * are validated), after that with its stored bytes as they are (the typed
   * res.send takes only the contract's objects), gzipped when the client
   * takes it, which the backend's compression middleware then leaves alone.
   */
  const answer = async (
    req: Pick<express.Request, 'acceptsEncodings'>,
    res: express.Response,
    value: object,
  ) => {
    const response = serialized.get(value);
    if (!response) {
      res.json(value);
      return;
    }
    const { json, gzip } = await response;
    const gzipped = req.acceptsEncodings('gzip') === 'gzip';
    const body = gzipped ? gzip : json;
    res.vary('Accept-Encoding');
    res.type('application/json');
    if (gzipped) {
      res.set('Content-Encoding', 'gzip');
    }
    res.set('Content-Length', String(body.length));
    res.end(body);
  };

  router.get('/portfolio', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const portfolio = await model.getPortfolio({
      months: req.query.months ?? DEFAULT_MONTHS,
      credentials,
    });
    await answer(req, res, portfolio);
  });

  router.get('/components/:namespace/:kind/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const costs = await model.getComponentCosts({
      entityRef: req.params,
      months: req.query.months ?? DEFAULT_MONTHS,
      credentials,
    });
    await answer(req, res, costs);
  });

  return router;
}
