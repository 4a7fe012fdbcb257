import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { CostsModel } from './CostsModel';

const DEFAULT_MONTHS = 6;

/**
 * The costs plugin's routes, one handler per operation of
 * src/schema/openapi.yaml. The generated router validates every request
 * against the spec (a 400 naming the parameter); with `validateResponses` it
 * also refuses a response that breaks the spec, as development and the tests
 * run it. Every route needs a user or service token and reads the database
 * only; who may read which service's costs is the model's to decide
 * (AuthorizedCostsModel), with the caller's credentials.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  model: CostsModel;
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { httpAuth, model } = options;
  const router = await createOpenApiRouter({
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });

  router.get('/portfolio', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await model.getPortfolio({
        months: req.query.months ?? DEFAULT_MONTHS,
        credentials,
      }),
    );
  });

  router.get('/components/:namespace/:kind/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await model.getComponentCosts({
        entityRef: req.params,
        months: req.query.months ?? DEFAULT_MONTHS,
        credentials,
      }),
    );
  });

  return router;
}
