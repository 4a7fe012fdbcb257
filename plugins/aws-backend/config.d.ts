import { HumanDuration } from '@backstage/types';

export interface Config {
  shipyard?: {
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
