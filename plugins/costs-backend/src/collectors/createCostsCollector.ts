import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AwsCallCounter,
  AwsClientFactory,
  AwsCollector,
  CollectorRunRecorder,
  ShipyardEnvironments,
  createAwsCollector,
} from '@internal/plugin-aws-node';
import { CostsStore } from '../database/CostsStore';
import { collectCosts } from './collectCosts';
import { readCostsCollectorConfig } from './readCostsCollectorConfig';

/** The task id of the collector. */
export const COSTS_COLLECTOR_ID = 'costs';

/**
 * Schedules the costs collector: every `shipyard.collectors.costs.frequency`
 * (default 8 hours), once across replicas, it refreshes the stored costs
 * from Cost Explorer, at most `shipyard.costs.refreshesPerDay` times a day
 * whatever the schedule, restarts or triggers (the ration is kept in the
 * database). A run the ration refuses makes no request and succeeds.
 */
export async function createCostsCollector(options: {
  config: Config;
  scheduler: SchedulerService;
  logger: LoggerService;
  environments: ShipyardEnvironments;
  clientFactory: AwsClientFactory;
  callCounter: AwsCallCounter;
  store: CostsStore;
  /** Where runs are recorded (this plugin's collector_runs table). */
  runRecorder?: CollectorRunRecorder;
}): Promise<AwsCollector> {
  const { schedule, ...config } = readCostsCollectorConfig(options.config);
  return createAwsCollector({
    id: COSTS_COLLECTOR_ID,
    frequency: schedule.frequency,
    timeout: schedule.timeout,
    initialDelay: { seconds: 30 },
    scheduler: options.scheduler,
    logger: options.logger,
    counter: options.callCounter,
    store: options.runRecorder,
    run: async ({ signal, logger }) => {
      await collectCosts({ ...options, config, logger, signal });
    },
  });
}
