export interface Config {
  shipyard?: {
    /**
     * The owner of the environment entities that the catalog module creates
     * from `shipyard.environments`, as an entity reference.
     * Default: `group:default/platform-sre`.
     */
    environmentOwner?: string;
  };
}
