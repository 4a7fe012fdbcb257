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
import { SecurityStore, StoredFinding } from '../database/SecurityStore';
import { readSecurityCollectorConfig } from './readSecurityCollectorConfig';
import { syncFindings } from './syncFindings';

/** The task id of the collector. */
export const SECURITY_COLLECTOR_ID = 'security';

/**
 * Schedules the security collector: every `shipyard.collectors.security`
 * frequency (default 15 minutes), once across replicas, it syncs GuardDuty's
 * findings of every account and region of the configured environments into
 * the store (see syncFindings). A run in which a detector's sync failed
 * fails, naming it; the other detectors were synced.
 */
export async function createSecurityCollector(options: {
  config: Config;
  scheduler: SchedulerService;
  logger: LoggerService;
  environments: ShipyardEnvironments;
  clientFactory: AwsClientFactory;
  callCounter: AwsCallCounter;
  store: SecurityStore;
  /** Where runs are recorded (this plugin's collector_runs table). */
  runRecorder?: CollectorRunRecorder;
  /**
   * Called with the new high or critical findings attributed to a
   * component, once a detector's first import is done (notifications).
   */
  onNewFindings?: (findings: StoredFinding[]) => Promise<void>;
}): Promise<AwsCollector> {
  const { schedule, ...config } = readSecurityCollectorConfig(options.config);
  return createAwsCollector({
    id: SECURITY_COLLECTOR_ID,
    frequency: schedule.frequency,
    timeout: schedule.timeout,
    initialDelay: { seconds: 15 },
    scheduler: options.scheduler,
    logger: options.logger,
    counter: options.callCounter,
    store: options.runRecorder,
    run: async ({ signal, logger }) => {
      const { detectors, failures } = await syncFindings({
        environments: options.environments,
        clientFactory: options.clientFactory,
        store: options.store,
        onNewFindings: options.onNewFindings,
        config,
        logger,
        signal,
      });
      logger.info(
        `GuardDuty synced: ${detectors
          .map(
            d =>
              `${d.accountId}/${d.region} ${d.status}${
                d.status === 'enabled'
                  ? ` (${d.stored} read, ${d.created} new, ${d.archived} archived, ${d.notified} notified)`
                  : ''
              }`,
          )
          .join('; ')}`,
      );
      if (failures.length) {
        throw new Error(failures.join('; '));
      }
    },
  });
}
