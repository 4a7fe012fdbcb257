import {
  AuditorService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  diagnosticsErrorHandler,
  readsDiagnostics,
  retryAfterErrorHandler,
} from '@internal/plugin-aws-node';
import express from 'express';
import { createOpenApiRouter } from '../schema/openapi/generated/router';
import { DeploymentsModel } from './DeploymentsModel';
import { OperationsModel } from './OperationsModel';
import { RollbackService } from './RollbackService';
import { withoutErrorCause } from './withoutErrorCause';

/**
 * The deployments plugin's routes, one handler per operation of
 * src/schema/openapi.yaml. The generated router validates every request
 * against the spec (a 400 naming the field); with `validateResponses` it
 * also refuses a response that breaks the spec, as development and the tests
 * run it. Every route needs a user or service token; a rollback needs a user.
 */
export async function createRouter(options: {
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  deployments: DeploymentsModel;
  operations: OperationsModel;
  rollbacks: RollbackService;
  validateResponses?: boolean;
}): Promise<express.Router> {
  const { httpAuth, auditor, deployments, operations, rollbacks } = options;
  const router = await createOpenApiRouter({
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });

  router.get(
    '/components/:namespace/:kind/:name/deployments',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const found = await deployments.getComponentDeployments({
        entityRef: req.params,
        credentials,
      });
      res.json(
        (await readsDiagnostics(options.permissions, credentials))
          ? found
          : {
              ...found,
              items: found.items.map(({ activeRollback, ...item }) => ({
                ...item,
                ...(activeRollback
                  ? { activeRollback: withoutErrorCause(activeRollback) }
                  : {}),
              })),
            },
      );
    },
  );

  router.get(
    '/components/:namespace/:kind/:name/deployments/:environment/rollback-plan',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { namespace, kind, name, environment } = req.params;
      res.json(
        await deployments.getRollbackPlan({
          entityRef: { namespace, kind, name },
          environment,
          target: req.query.target,
          toRevision: req.query.toRevision,
          credentials,
        }),
      );
    },
  );

  // The one mutation. Every attempt, refused ones too, is audited here, where
  // the auditor can name the actor from the request.
  router.post(
    '/components/:namespace/:kind/:name/rollbacks',
    async (req, res) => {
      const { namespace, kind, name } = req.params;
      const auditorEvent = await auditor.createEvent({
        eventId: 'deployments-rollback',
        severityLevel: 'high',
        request: req,
        meta: {
          entityRef: `${kind.toLocaleLowerCase('en-US')}:${namespace}/${name}`,
          environment: req.body.environment,
          target: req.body.target,
          toRevision: req.body.toRevision,
          reason: req.body.reason,
        },
      });
      try {
        // A person answers for a rollback: service tokens may read, not roll back.
        const credentials = await httpAuth.credentials(req, {
          allow: ['user'],
        });
        const idempotencyKey = req.header('Idempotency-Key');
        const rollback = await rollbacks.create({
          entityRef: req.params,
          body: req.body,
          ...(idempotencyKey ? { idempotencyKey } : {}),
          credentials,
        });
        await auditorEvent.success({
          meta: { rollbackId: rollback.id, state: rollback.state },
        });
        // A replayed Idempotency-Key answers the record, which may have failed.
        res
          .status(202)
          .json(
            (await readsDiagnostics(options.permissions, credentials))
              ? rollback
              : withoutErrorCause(rollback),
          );
      } catch (error) {
        await auditorEvent.fail({ error: error as Error });
        throw error;
      }
    },
  );

  // The record says why a rollback failed to every reader; what AWS
  // answered (the cause) only to callers with aws.diagnostics.read.
  router.get('/rollbacks/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const rollback = await rollbacks.get(req.params.id);
    res.json(
      (await readsDiagnostics(options.permissions, credentials))
        ? rollback
        : withoutErrorCause(rollback),
    );
  });

  router.get('/operations', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { owner, entityRef, environment, type, limit } = req.query;
    res.json({
      items: await operations.listOperations({
        owner,
        entityRef,
        environment,
        type,
        limit: limit ?? 50,
      }),
    });
  });

  router.get('/dora', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { owner, environment, days } = req.query;
    res.json(
      await operations.getDoraFigures({ owner, environment, days: days ?? 30 }),
    );
  });

  // Causes from AWS and Kubernetes reach the server log, and SREs
  // (aws.diagnostics.read, the aws plugin's permission).
  router.use(
    diagnosticsErrorHandler({
      logger: options.logger,
      readsDiagnostics: async (req: express.Request) =>
        readsDiagnostics(
          options.permissions,
          await httpAuth.credentials(req, { allow: ['user', 'service'] }),
        ),
    }),
  );
  // AWS throttling is a 503 with when to come back, as AWS told us.
  router.use(retryAfterErrorHandler());

  return router;
}
