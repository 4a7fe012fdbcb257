import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AwsCallCounter,
  AwsCollector,
  CollectorRunStore,
  ResourceLocator,
  ShipyardEnvironments,
  createAwsCollector,
} from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import { collectResourceInventory } from './collectResourceInventory';

/** The task id of the collector, also its id in collector_runs. */
export const RESOURCE_INVENTORY_COLLECTOR_ID = 'resource-inventory';

const CONFIG_KEY = 'shipyard.collectors.resourceInventory';

function readDuration(
  config: Config,
  key: string,
  fallback: HumanDuration,
): HumanDuration {
  return config.has(key) ? readDurationFromConfig(config, { key }) : fallback;
}

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
  knex: Knex;
  runStore: CollectorRunStore;
  callCounter: AwsCallCounter;
}): Promise<AwsCollector> {
  const frequency = readDuration(options.config, `${CONFIG_KEY}.frequency`, {
    minutes: 10,
  });
  const timeout = readDuration(options.config, `${CONFIG_KEY}.timeout`, {
    minutes: 5,
  });

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
        knex: options.knex,
        logger,
        signal,
      }),
  });
}
