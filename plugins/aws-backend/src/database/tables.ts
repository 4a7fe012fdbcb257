import { CollectorRun, CollectorRunCalls } from '@internal/plugin-aws-node';
import { StoredComponentResources, StoredCollectorRun } from '../types';

/** A row of `collector_runs`. */
export type CollectorRunsRow = {
  id: string | number;
  collector_id: string;
  started_at: Date | string | number;
  finished_at: Date | string | number;
  status: string;
  calls: string;
  error: string | null;
};

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

// PostgreSQL hands back Date objects, better-sqlite3 epoch milliseconds or
// strings, depending on how the value was written.
export function timestampToDate(value: Date | string | number): Date {
  if (value instanceof Date) {
    return value;
  }
  if (typeof value === 'string' && /^\d+$/.test(value)) {
    return new Date(Number(value));
  }
  return new Date(value);
}

export function toStoredCollectorRun(
  row: CollectorRunsRow,
): StoredCollectorRun {
  return {
    id: String(row.id),
    collectorId: row.collector_id,
    startedAt: timestampToDate(row.started_at),
    finishedAt: timestampToDate(row.finished_at),
    status: row.status as CollectorRun['status'],
    calls: JSON.parse(row.calls) as CollectorRunCalls[],
    error: row.error ?? undefined,
  };
}

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
