import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  AwsCallCounter,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';
import Router from 'express-promise-router';
import { CollectorRunStore } from '../../database/CollectorRunStore';

const RUNS_PER_COLLECTOR = 5;

/**
 * GET /status: the latest runs of each collector with the AWS calls they
 * made, this replica's AWS call totals, and the environments.
 *
 * The runs come from the database, so every replica answers the same; they
 * are the portal-wide record of what collectors cost in AWS calls. The call
 * totals are this process's counter since it started: each replica has its
 * own, so they sit under `thisReplica` to say so.
 */
export function bindGetStatusEndpoint(
  router: ReturnType<typeof Router>,
  deps: {
    httpAuth: HttpAuthService;
    runStore: CollectorRunStore;
    callCounter: AwsCallCounter;
    environments: ShipyardEnvironments;
  },
): void {
  router.get('/status', async (req, res) => {
    await deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const runs = await deps.runStore.listLatestRuns({
      limitPerCollector: RUNS_PER_COLLECTOR,
    });
    res.json({
      collectors: Object.entries(runs).map(([id, latest]) => ({
        id,
        runs: latest.map(run => ({
          startedAt: run.startedAt.toISOString(),
          finishedAt: run.finishedAt.toISOString(),
          status: run.status,
          calls: run.calls,
          ...(run.error ? { error: run.error } : {}),
        })),
      })),
      thisReplica: { awsCalls: deps.callCounter.snapshot() },
      environments: deps.environments.list(),
    });
  });
}
