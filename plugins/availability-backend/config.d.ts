import { HumanDuration } from '@backstage/types';

export interface Config {
  shipyard?: {
    /** The availability backend plugin (`/api/availability`) and its collector. */
    availability?: {
      /**
       * How often the availability collector reads CloudWatch, once across
       * all replicas, and how long one run may take. Durations as
       * `{ minutes: 5 }`, `'5m'` or `'PT5M'`. Defaults: every 5 minutes,
       * 15 minutes.
       */
      schedule?: {
        frequency?: HumanDuration | string;
        timeout?: HumanDuration | string;
      };
      /**
       * How far back a series' first collection reads, at most 455 days
       * (CloudWatch's retention of hourly data). Default 90 days. The last
       * 14 days are read per minute (CloudWatch keeps 1-minute data for 15
       * days), so that incidents in them are found; older data per hour.
       */
      backfill?: HumanDuration | string;
      /**
       * How long per-minute counts are kept: burn rates (up to 3 days) and
       * the entity view's recent chart read them. Default 3 days.
       */
      minuteRetention?: HumanDuration | string;
      /**
       * How long hourly counts are kept, at least minuteRetention: the
       * longest period shown (90 days, the quarter). Default 95 days. Daily
       * counts are kept for ever.
       */
      hourRetention?: HumanDuration | string;
    };
  };
}
