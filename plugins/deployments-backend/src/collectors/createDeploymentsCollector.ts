import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AwsCallCounter,
  AwsCollector,
  CollectorRunRecorder,
  ShipyardEnvironments,
  createAwsCollector,
  readCollectorSchedule,
} from '@internal/plugin-aws-node';
import { DeploymentsStore } from '../database/DeploymentsStore';
import { RollbackStore } from '../database/RollbackStore';
import { RollbackService } from '../service/RollbackService';
import { DeploymentTargets } from '../targets/DeploymentTargets';
import { collectDeployments } from './collectDeployments';

/** The task id of the collector, also its id in collector_runs. */
export const DEPLOYMENTS_COLLECTOR_ID = 'deployments';

/**
 * Schedules the deployments collector: every
 * `shipyard.collectors.deployments.frequency` (default 2 minutes: a
 * deployment should show within minutes), once across replicas.
 */
export async function createDeploymentsCollector(options: {
  config: Config;
  scheduler: SchedulerService;
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  store: DeploymentsStore;
  rollbackStore: RollbackStore;
  rollbacks: RollbackService;
  targets: DeploymentTargets[];
  callCounter: AwsCallCounter;
  runStore: CollectorRunRecorder;
}): Promise<AwsCollector> {
  const { frequency, timeout } = readCollectorSchedule(
    options.config,
    'shipyard.collectors.deployments',
    { frequency: { minutes: 2 }, timeout: { minutes: 5 } },
  );
  return createAwsCollector({
    id: DEPLOYMENTS_COLLECTOR_ID,
    frequency,
    timeout,
    // Let the catalog ingest its locations before the first look.
    initialDelay: { seconds: 15 },
    scheduler: options.scheduler,
    logger: options.logger,
    counter: options.callCounter,
    store: options.runStore,
    run: ({ signal, logger }) =>
      collectDeployments({ ...options, logger, signal }),
  });
}
