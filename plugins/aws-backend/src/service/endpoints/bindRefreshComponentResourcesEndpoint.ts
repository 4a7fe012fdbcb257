import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import Router from 'express-promise-router';
import { z } from 'zod';
import { entityPathSchema, environmentQuerySchema } from '../../schema/inputs';
import { ComponentResourcesModel } from '../ComponentResourcesModel';
import { parseInput } from '../parseInput';

const refreshQuerySchema = environmentQuerySchema.required();

/**
 * POST /components/:namespace/:kind/:name/resources/refresh?environment=:
 * locates one component's resources in one environment now. The one route
 * that calls AWS; AWS throttling answers 503 with Retry-After. The model
 * checks the permission; a refused attempt is audited as failed.
 */
export function bindRefreshComponentResourcesEndpoint(
  router: ReturnType<typeof Router>,
  deps: {
    httpAuth: HttpAuthService;
    auditor: AuditorService;
    model: ComponentResourcesModel;
  },
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

      // Audited here rather than in the model: the auditor names the actor
      // from the request.
      const auditorEvent = await deps.auditor.createEvent({
        eventId: 'component-resources-refresh',
        severityLevel: 'low',
        request: req,
        meta: { entityRef: stringifyEntityRef(entityRef), environment },
      });
      try {
        const response = await deps.model.refresh({
          entityRef,
          environment,
          credentials,
        });
        // The located resources are stored by now (component_resources), so
        // success reports what the database holds.
        const [stored] = response.items;
        await auditorEvent.success({
          meta: {
            collectedAt: stored.collectedAt,
            componentTagValue: stored.componentTagValue,
            ecsServices: stored.ecsServices.length,
            eksWorkloads: stored.eksWorkloads.length,
            targetGroups: stored.targetGroups.length,
            alarms: stored.alarms.length,
          },
        });
        res.json(response);
      } catch (error) {
        await auditorEvent.fail({ error: error as Error });
        throw error;
      }
    },
  );
}
