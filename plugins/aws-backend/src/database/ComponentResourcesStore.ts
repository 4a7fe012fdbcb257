import { StoredComponentResources } from './StoredComponentResources';

/** The `component_resources` table: what the resource inventory found. */
export interface ComponentResourcesStore {
  /** Inserts or replaces the resources of components in environments. */
  upsert(resources: StoredComponentResources[]): Promise<void>;

  /** What was stored for one component in one environment, if anything. */
  get(options: {
    componentRef: string;
    environment: string;
  }): Promise<StoredComponentResources | undefined>;

  /**
   * Removes the rows of an environment collected before a time: components
   * that no longer run there, or no longer exist. Answers how many went.
   */
  deleteCollectedBefore(options: {
    environment: string;
    before: Date;
  }): Promise<number>;
}
