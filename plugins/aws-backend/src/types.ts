import { ComponentResources } from '@internal/plugin-aws-common';
import { CollectorRun } from '@internal/plugin-aws-node';

/** What the collector stored for one component in one environment. */
export type StoredComponentResources = ComponentResources & {
  /** The catalog entity, e.g. `component:default/catalog-api`. */
  componentRef: string;
  collectedAt: Date;
};

/** A finished collector run, as stored. */
export type StoredCollectorRun = CollectorRun & { id: string };
