import { HumanDuration } from '@backstage/types';

export interface Config {
  shipyard?: {
    /** Scheduled AWS collectors. */
    collectors?: {
      /**
       * Reads, for every component in every environment, its ECS services
       * or EKS Deployments with their revisions, deployments, events and
       * failures into the deployments plugin's database, and settles
       * rollbacks nobody is watching. Every deployments view reads that
       * database.
       */
      deployments?: {
        /**
         * How often to run, once across all replicas: `{ minutes: 2 }`,
         * `'2m'` or `'PT2M'`. Default 2 minutes.
         */
        frequency?: HumanDuration | string;
        /** How long one run may take before it is abandoned. Default 5 minutes. */
        timeout?: HumanDuration | string;
      };
    };
    /** The deployments backend plugin (`/api/deployments`). */
    deployments?: {
      /**
       * How long a rollout read from AWS for a running rollback is shared by
       * everyone watching it (through the cache service, so across replicas
       * with Redis): ten viewers polling every few seconds cost one read.
       * Default 3 seconds.
       */
      rolloutCacheTtl?: HumanDuration | string;
    };
  };
}
