import { Config } from '@backstage/config';
import { ShipyardTagKeys } from '@internal/plugin-aws-common';
import {
  CollectorSchedule,
  readCollectorSchedule,
  readShipyardTagKeys,
} from '@internal/plugin-aws-node';

/** What the security collector reads from the configuration. */
export interface SecurityCollectorConfig {
  schedule: CollectorSchedule;
  /** The tags that attribute a finding's resource to a component and environment. */
  tagKeys: ShipyardTagKeys;
}

/**
 * Reads `shipyard.collectors.security` (frequency, default 15 minutes;
 * timeout, default 30 minutes) and `shipyard.tagKeys`; a value that cannot
 * work stops start-up naming its key.
 */
export function readSecurityCollectorConfig(
  config: Config,
): SecurityCollectorConfig {
  return {
    schedule: readCollectorSchedule(config, 'shipyard.collectors.security', {
      frequency: { minutes: 15 },
      timeout: { minutes: 30 },
    }),
    tagKeys: readShipyardTagKeys(config),
  };
}
