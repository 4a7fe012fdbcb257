import { HumanDuration } from '@backstage/types';

export interface Config {
  shipyard?: {
    /** The deployments backend plugin (`/api/deployments`). */
    deployments?: {
      /**
       * The collector that reads, for every component in every environment,
       * its ECS services or EKS Deployments with their history, events and
       * failures into the plugin's database. Every view reads that database.
       */
      collector?: {
        /**
         * How often to run, once across all replicas: `{ minutes: 2 }`,
         * `'2m'` or `'PT2M'`. Default 2 minutes.
         */
        frequency?: HumanDuration | string;
        /** How long one run may take before it is abandoned. Default 5 minutes. */
        timeout?: HumanDuration | string;
      };
      /**
       * How long a rollout read from AWS for a running rollback is shared by
       * everyone watching it, so that ten viewers polling every few seconds
       * cost one DescribeServices. Default 3 seconds.
       */
      rolloutCacheTtl?: HumanDuration | string;
    };
  };
}
