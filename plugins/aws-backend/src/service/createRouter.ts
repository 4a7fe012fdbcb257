import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import {
  AwsCallCounter,
  AwsServiceUnavailableError,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';
import express from 'express';
import Router from 'express-promise-router';
import { CollectorRunStore } from '../database/CollectorRunStore';
import { ComponentResourcesModel } from './ComponentResourcesModel';
import { bindGetComponentResourcesEndpoint } from './endpoints/bindGetComponentResourcesEndpoint';
import { bindGetEnvironmentsEndpoint } from './endpoints/bindGetEnvironmentsEndpoint';
import { bindGetStatusEndpoint } from './endpoints/bindGetStatusEndpoint';
import { bindRefreshComponentResourcesEndpoint } from './endpoints/bindRefreshComponentResourcesEndpoint';

/** The aws plugin's routes, described in src/schema/openapi.yaml. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  environments: ShipyardEnvironments;
  model: ComponentResourcesModel;
  runStore: CollectorRunStore;
  callCounter: AwsCallCounter;
}): Promise<express.Router> {
  const router = Router();
  router.use(express.json());

  bindGetEnvironmentsEndpoint(router, options);
  bindGetComponentResourcesEndpoint(router, options);
  bindRefreshComponentResourcesEndpoint(router, options);
  bindGetStatusEndpoint(router, options);

  // The backend's error handler turns the error into a 503; this only adds
  // when to come back, as AWS told us.
  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof AwsServiceUnavailableError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      next(error);
    },
  );

  return router;
}
