import { HttpAuthService } from '@backstage/backend-plugin-api';
import { SerializedResponses } from '@internal/plugin-aws-node';
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

  router.get('/portfolio', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const portfolio = await model.getPortfolio({
      months: req.query.months ?? DEFAULT_MONTHS,
      credentials,
    });
    await serialized.send(req, res, portfolio);
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
    await serialized.send(req, res, costs);
  });

  return router;
}
