import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { AvailabilityModel } from './AvailabilityModel';

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
        period: req.query.period ?? '30d',
        environment: req.query.environment,
        credentials,
      }),
    );
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
