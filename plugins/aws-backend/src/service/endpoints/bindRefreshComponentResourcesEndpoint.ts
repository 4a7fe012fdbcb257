import { HttpAuthService } from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { z } from 'zod';
import { entityPathSchema, environmentQuerySchema } from '../../schema/inputs';
import { ComponentResourcesModel } from '../ComponentResourcesModel';
import { parseInput } from '../parseInput';

const refreshQuerySchema = environmentQuerySchema.required();

/**
 * POST /components/:namespace/:kind/:name/resources/refresh?environment=:
 * locates one component's resources in one environment now. The one route
 * that calls AWS; AWS throttling answers 503 with Retry-After.
 */
export function bindRefreshComponentResourcesEndpoint(
  router: ReturnType<typeof Router>,
  deps: { httpAuth: HttpAuthService; model: ComponentResourcesModel },
): void {
  router.post(
    '/components/:namespace/:kind/:name/resources/refresh',
    async (req, res) => {
      const credentials = await deps.httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entityRef = parseInput(entityPathSchema, req.params, 'entity');
      const { environment } = parseInput(
        refreshQuerySchema as z.ZodType<{ environment: string }>,
        req.query,
        'query',
      );
      res.json(
        await deps.model.refresh({ entityRef, environment, credentials }),
      );
    },
  );
}
