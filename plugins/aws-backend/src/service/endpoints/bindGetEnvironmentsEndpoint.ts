import { HttpAuthService } from '@backstage/backend-plugin-api';
import { ShipyardEnvironments } from '@internal/plugin-aws-node';
import Router from 'express-promise-router';

/** GET /environments: the configured environments, from configuration only. */
export function bindGetEnvironmentsEndpoint(
  router: ReturnType<typeof Router>,
  deps: { httpAuth: HttpAuthService; environments: ShipyardEnvironments },
): void {
  router.get('/environments', async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: deps.environments.list() });
  });
}
