import { LocatedResources } from '@internal/plugin-aws-common';

/** What the collector stored for one component in one environment. */
export type StoredComponentResources = LocatedResources & {
  /** The catalog entity, e.g. `component:default/catalog-api`. */
  componentRef: string;
  collectedAt: Date;
};
