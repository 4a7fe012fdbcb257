import { StoredComponentResources } from './StoredComponentResources';
import { timestampToDate } from './timestampToDate';

/** A row of `component_resources`. */
export type ComponentResourcesRow = {
  component_ref: string;
  environment: string;
  component_tag: string;
  ecs_services: string;
  eks_workloads: string;
  target_groups: string;
  alarms: string;
  collected_at: Date | string | number;
};

/** Writes stored resources as a `component_resources` row. */
export function toComponentResourcesRow(
  resources: StoredComponentResources,
): ComponentResourcesRow {
  return {
    component_ref: resources.componentRef,
    environment: resources.environment,
    component_tag: resources.componentTagValue,
    ecs_services: JSON.stringify(resources.ecsServices),
    eks_workloads: JSON.stringify(resources.eksWorkloads),
    target_groups: JSON.stringify(resources.targetGroups),
    alarms: JSON.stringify(resources.alarms),
    collected_at: resources.collectedAt,
  };
}

/** Reads a `component_resources` row. */
export function toComponentResources(
  row: ComponentResourcesRow,
): StoredComponentResources {
  return {
    componentRef: row.component_ref,
    environment: row.environment,
    componentTagValue: row.component_tag,
    ecsServices: JSON.parse(row.ecs_services),
    eksWorkloads: JSON.parse(row.eks_workloads),
    targetGroups: JSON.parse(row.target_groups),
    alarms: JSON.parse(row.alarms),
    collectedAt: timestampToDate(row.collected_at),
  };
}
