import { HumanDuration } from '@backstage/types';

export interface Config {
  shipyard?: {
    /** Scheduled AWS collectors. */
    collectors?: {
      /**
       * Reads CloudWatch for every component in every environment into the
       * availability plugin's database (per-minute good/total counts), then
       * computes incidents and the portfolio's figures. Every availability
       * view reads that database.
       */
      availability?: {
        /**
         * How often to run, once across all replicas: `{ minutes: 5 }`,
         * `'5m'` or `'PT5M'`. Default 5 minutes.
         */
        frequency?: HumanDuration | string;
        /** How long one run may take before it is abandoned. Default 15 minutes. */
        timeout?: HumanDuration | string;
      };
    };
    /** The availability backend plugin (`/api/availability`) and its collector. */
    availability?: {
      /**
       * Availability objectives by environment tier. A tier left out keeps
       * its default (prod 99.9 % over 30d, staging 99 % over 30d, dev none);
       * a tier listed without `objective` has none. A component overrides
       * its tier's objective with the `shipyard.io/availability-target` and
       * `shipyard.io/availability-window` annotations (not in a tier
       * without one). An objective outside (0, 100] or a window outside
       * 1d–90d stops start-up.
       */
      targets?: {
        [tier in 'dev' | 'staging' | 'prod']?: {
          /** Percent, e.g. 99.9. */
          objective?: number;
          /** The SLO's rolling window, `<days>d`, e.g. `30d`. */
          window?: string;
        };
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
