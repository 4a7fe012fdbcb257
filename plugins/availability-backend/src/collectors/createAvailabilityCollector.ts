import {
  AuthService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AwsCallCounter,
  AwsClientFactory,
  AwsCollector,
  CollectorRunRecorder,
  ResourceLocator,
  ShipyardEnvironments,
  createAwsCollector,
} from '@internal/plugin-aws-node';
import { AvailabilityStore } from '../database/AvailabilityStore';
import {
  AfterAvailabilityCycle,
  AvailabilityTargets,
  collectAvailability,
} from './collectAvailability';
import { readAvailabilityCollectorConfig } from './readAvailabilityCollectorConfig';

/** The task id of the collector. */
export const AVAILABILITY_COLLECTOR_ID = 'availability';

/**
 * Schedules the availability collector: every
 * `shipyard.collectors.availability.frequency` (default 5 minutes), once
 * across replicas, it stores per-minute good/total counts of every
 * component in every environment from CloudWatch, then calls `afterCycle`
 * (incidents and summaries) and prunes by retention.
 */
export async function createAvailabilityCollector(options: {
  config: Config;
  scheduler: SchedulerService;
  logger: LoggerService;
  auth: AuthService;
  catalog: CatalogService;
  environments: ShipyardEnvironments;
  locator: Pick<ResourceLocator, 'locateMany'>;
  clientFactory: AwsClientFactory;
  callCounter: AwsCallCounter;
  store: AvailabilityStore;
  /** Computes incidents and summaries after each cycle's data is stored. */
  afterCycle?: AfterAvailabilityCycle;
  /**
   * The targets to detect incidents with in the minutes a backfill reads
   * before the minute retention, which are folded into hours, not stored.
   */
  incidentTargets?: AvailabilityTargets;
  /** Where runs are recorded (this plugin's collector_runs table). */
  runRecorder?: CollectorRunRecorder;
}): Promise<AwsCollector> {
  const { schedule, ...retention } = readAvailabilityCollectorConfig(
    options.config,
  );
  return createAwsCollector({
    id: AVAILABILITY_COLLECTOR_ID,
    frequency: schedule.frequency,
    timeout: schedule.timeout,
    // Let the catalog ingest its locations before the first look.
    initialDelay: { seconds: 15 },
    scheduler: options.scheduler,
    logger: options.logger,
    counter: options.callCounter,
    store: options.runRecorder,
    run: ({ signal, logger }) =>
      collectAvailability({ ...options, ...retention, logger, signal }),
  });
}
