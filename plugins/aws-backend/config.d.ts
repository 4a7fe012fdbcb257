import { HumanDuration } from '@backstage/types';

export interface Config {
  shipyard?: {
    /** The REST routes of Shipyard's backend plugins. */
    api?: {
      /**
       * Check every response against the plugin's OpenAPI spec and answer
       * 500, naming the field, when a handler breaks it. On in development
       * and tests; off by default, since production need not pay for it.
       */
      validateResponses?: boolean;
    };
    aws?: {
      /**
       * How many live refreshes (`POST /api/aws/components/.../resources/refresh`,
       * each a round of AWS calls) one user or service may make per window.
       * Counted in the cache service, so with Redis (production) every
       * replica shares one budget per caller. One more answers 429 with
       * `Retry-After`. Default 10 per minute.
       */
      refreshLimit?: {
        /** Refreshes per window, a whole number of at least 1. Default 10. */
        requests?: number;
        /**
         * The window: `{ minutes: 1 }`, `'1m'` or `'PT1M'`; at least a
         * second. Default one minute.
         */
        window?: HumanDuration | string;
      };
    };
    /** Scheduled AWS collectors of the aws backend plugin. */
    collectors?: {
      /**
       * Finds the AWS resources of every component with a
       * `shipyard.io/runtime` annotation, by tags, in every environment.
       */
      resourceInventory?: {
        /**
         * How often to run, once across all replicas: `{ minutes: 10 }`,
         * `'10m'` or `'PT10M'`. Default 10 minutes.
         */
        frequency?: HumanDuration | string;
        /**
         * How long one run may take before it is abandoned. Default 5
         * minutes.
         */
        timeout?: HumanDuration | string;
      };
    };
  };
}
