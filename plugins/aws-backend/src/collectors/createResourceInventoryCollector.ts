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
  ResourceLocator,
  ShipyardEnvironments,
  createAwsCollector,
} from '@internal/plugin-aws-node';
import { ComponentResourcesStore } from '../database/ComponentResourcesStore';
import { collectResourceInventory } from './collectResourceInventory';
import { readResourceInventorySchedule } from './readResourceInventorySchedule';

/** The task id of the collector, also its id in collector_runs. */
export const RESOURCE_INVENTORY_COLLECTOR_ID = 'resource-inventory';

/**
 * Schedules the resource-inventory collector: every
 * `shipyard.collectors.resourceInventory.frequency` (default 10 minutes),
 * once across replicas.
 */
export async function createResourceInventoryCollector(options: {
  config: Config;
  scheduler: SchedulerService;
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  locator: Pick<ResourceLocator, 'locateMany'>;
  store: ComponentResourcesStore;
  runStore: CollectorRunRecorder;
  callCounter: AwsCallCounter;
}): Promise<AwsCollector> {
  const { frequency, timeout } = readResourceInventorySchedule(options.config);

  return createAwsCollector({
    id: RESOURCE_INVENTORY_COLLECTOR_ID,
    frequency,
    timeout,
    // Let the catalog ingest its locations before the first look.
    initialDelay: { seconds: 15 },
    scheduler: options.scheduler,
    logger: options.logger,
    counter: options.callCounter,
    store: options.runStore,
    run: ({ signal, logger }) =>
      collectResourceInventory({
        auth: options.auth,
        catalog: options.catalog,
        environments: options.environments,
        locator: options.locator,
        store: options.store,
        logger,
        signal,
      }),
  });
}
