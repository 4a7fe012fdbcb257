import { HttpAuthService } from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { entityPathSchema, environmentQuerySchema } from '../../schema/inputs';
import { ComponentResourcesModel } from '../ComponentResourcesModel';
import { parseInput } from '../parseInput';

/**
 * GET /components/:namespace/:kind/:name/resources?environment=: what the
 * collector stored. Reads the database only: page views never fan out to AWS.
 */
export function bindGetComponentResourcesEndpoint(
  router: ReturnType<typeof Router>,
  deps: { httpAuth: HttpAuthService; model: ComponentResourcesModel },
): void {
  router.get(
    '/components/:namespace/:kind/:name/resources',
    async (req, res) => {
      const credentials = await deps.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entityRef = parseInput(entityPathSchema, req.params, 'entity');
      const { environment } = parseInput(
        environmentQuerySchema,
        req.query,
        'query',
      );
      res.json(await deps.model.get({ entityRef, environment, credentials }));
    },
  );
}
