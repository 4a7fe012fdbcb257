import { Config, readDurationFromConfig } from '@backstage/config';
import { HumanDuration } from '@backstage/types';

/**
 * How often a collector runs, and how long one run may take.
 *
 * @public
 */
export interface CollectorSchedule {
  frequency: HumanDuration;
  timeout: HumanDuration;
}

/**
 * Reads `<key>.frequency` and `<key>.timeout` (a HumanDuration object or an
 * ISO 8601 / `'10m'` string), falling back to the collector's defaults. A
 * malformed value stops start-up with the key in the message.
 *
 * @public
 */
export function readCollectorSchedule(
  config: Config,
  key: string,
  defaults: CollectorSchedule,
): CollectorSchedule {
  const read = (name: keyof CollectorSchedule) =>
    config.has(`${key}.${name}`)
      ? readDurationFromConfig(config, { key: `${key}.${name}` })
      : defaults[name];
  return { frequency: read('frequency'), timeout: read('timeout') };
}
