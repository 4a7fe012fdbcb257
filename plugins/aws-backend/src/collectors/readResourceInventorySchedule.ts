import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';

const CONFIG_KEY = 'shipyard.collectors.resourceInventory';

/** How often the resource inventory runs, and how long one run may take. */
export interface ResourceInventorySchedule {
  frequency: HumanDuration;
  timeout: HumanDuration;
}

/**
 * Reads `shipyard.collectors.resourceInventory.{frequency,timeout}` (default
 * every 10 minutes, 5 minutes at most). The collector schedules itself by it
 * and the resources route tells readers when the next run is due by it.
 */
export function readResourceInventorySchedule(
  config: Config,
): ResourceInventorySchedule {
  const read = (key: string, fallback: HumanDuration) =>
    config.has(`${CONFIG_KEY}.${key}`)
      ? readDurationFromConfig(config, { key: `${CONFIG_KEY}.${key}` })
      : fallback;
  return {
    frequency: read('frequency', { minutes: 10 }),
    timeout: read('timeout', { minutes: 5 }),
  };
}
