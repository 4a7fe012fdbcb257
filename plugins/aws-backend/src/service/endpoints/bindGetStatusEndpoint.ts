import { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  AwsCallCounter,
  ShipyardEnvironments,
} from '@internal/plugin-aws-node';
import Router from 'express-promise-router';
import { DefaultCollectorRunStore } from '../../database/DefaultCollectorRunStore';

const RUNS_PER_COLLECTOR = 5;

/**
 * GET /status: the latest runs of each collector with the AWS calls they
 * made, this process's AWS call totals, and the environments.
 */
export function bindGetStatusEndpoint(
  router: ReturnType<typeof Router>,
  deps: {
    httpAuth: HttpAuthService;
    runStore: Pick<DefaultCollectorRunStore, 'listLatestRuns'>;
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
      awsCalls: deps.callCounter.snapshot(),
      environments: deps.environments.list(),
    });
  });
}
