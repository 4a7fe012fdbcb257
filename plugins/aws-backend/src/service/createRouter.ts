import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AwsCallCounter,
  diagnosticsErrorHandler,
  readsDiagnostics,
  retryAfterErrorHandler,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';
import express from 'express';
import { CollectorRunStore } from '../database/CollectorRunStore';
import { RefreshLimiter } from '../refreshLimit/RefreshLimiter';
import { RefreshLimitExceededError } from '../refreshLimit/RefreshLimitExceededError';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { ComponentResourcesModel } from './ComponentResourcesModel';
import { redactStatus } from './redactStatus';

const RUNS_PER_COLLECTOR = 5;

/**
 * The aws plugin's routes, one handler per operation of
 * src/schema/openapi.yaml. The generated router validates every request
 * against the spec (a 400 naming the field) and types each handler's
 * parameters and response from it; with `validateResponses` it also refuses
 * a response that breaks the spec, as development and the tests run it.
 */
export async function createRouter(options: {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  environments: ShipyardEnvironments;
  model: ComponentResourcesModel;
  runStore: CollectorRunStore;
  callCounter: AwsCallCounter;
  refreshLimiter: RefreshLimiter;
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { httpAuth, permissions, auditor, environments, model } = options;
  const router = await createOpenApiRouter({
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });

  router.get('/environments', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json({ items: environments.list() });
  });

  // Reads the database only: page views never fan out to AWS.
  router.get(
    '/components/:namespace/:kind/:name/resources',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(
        await model.get({
          entityRef: req.params,
          environment: req.query.environment,
          credentials,
        }),
      );
    },
  );

  // The one route that calls AWS. The model checks the permission; every
  // attempt, refused ones too, is audited here, where the auditor can name
  // the actor from the request. Each caller has a budget of refreshes, so
  // that nobody can make Shipyard call AWS without bound.
  router.post(
    '/components/:namespace/:kind/:name/resources/refresh',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { namespace, kind, name } = req.params;
      const { environment } = req.query;
      const auditorEvent = await auditor.createEvent({
        eventId: 'component-resources-refresh',
        severityLevel: 'low',
        request: req,
        meta: {
          entityRef: `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`,
          environment,
        },
      });
      try {
        await options.refreshLimiter.take(credentials);
        const response = await model.refresh({
          entityRef: req.params,
          environment,
          credentials,
        });
        const [stored] = response.items;
        await auditorEvent.success({
          meta: {
            collectedAt: stored.collectedAt,
            componentTagValue: stored.componentTag.value,
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

  // Collector runs come from the database, so every replica answers the
  // same; the call totals are this process's counter, hence `thisReplica`.
  // What AWS answered, accounts and environments are diagnostics, for
  // callers with aws.diagnostics.read.
  router.get('/status', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const runs = await options.runStore.listLatestRuns({
      limitPerCollector: RUNS_PER_COLLECTOR,
    });
    const status = {
      collectors: Object.entries(runs).map(([id, latest]) => ({
        id,
        runs: latest.map(run => ({
          startedAt: run.startedAt.toISOString(),
          ...(run.finishedAt
            ? { finishedAt: run.finishedAt.toISOString() }
            : {}),
          status: run.status,
          calls: run.calls,
          ...(run.error ? { error: run.error } : {}),
        })),
      })),
      thisReplica: { awsCalls: options.callCounter.snapshot() },
      environments: environments.list(),
    };
    res.json(
      (await readsDiagnostics(permissions, credentials))
        ? status
        : redactStatus(status),
    );
  });

  // Causes from AWS and Kubernetes reach the server log, and SREs.
  router.use(
    diagnosticsErrorHandler({
      logger: options.logger,
      readsDiagnostics: async (req: express.Request) =>
        readsDiagnostics(
          permissions,
          await httpAuth.credentials(req, { allow: ['user', 'service'] }),
        ),
    }),
  );
  // AWS throttling is a 503 with when to come back, as AWS told us; a spent
  // refresh budget a 429 with when it is renewed.
  router.use(retryAfterErrorHandler());
  router.use(
    (
      error: unknown,
      _req: express.Request,
      res: express.Response,
      next: express.NextFunction,
    ) => {
      if (error instanceof RefreshLimitExceededError) {
        res.setHeader('Retry-After', String(error.retryAfterSeconds));
      }
      next(error);
    },
  );

  return router;
}
