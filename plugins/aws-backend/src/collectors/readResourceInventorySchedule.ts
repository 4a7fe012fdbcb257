import { Config } from '@backstage/config';
import {
  CollectorSchedule,
  readCollectorSchedule,
} from '@internal/plugin-aws-node';

/**
 * Reads `shipyard.collectors.resourceInventory.{frequency,timeout}` (default
 * every 10 minutes, 5 minutes at most). The collector schedules itself by it
 * and the resources route tells readers when the next run is due by it.
 */
export function readResourceInventorySchedule(
  config: Config,
): CollectorSchedule {
  return readCollectorSchedule(
    config,
    'shipyard.collectors.resourceInventory',
    {
      frequency: { minutes: 10 },
      timeout: { minutes: 5 },
    },
  );
}
