/** One ECS service tagged for a component, as the collector last saw it. */
export type ComponentEcsService = {
  arn: string;
  cluster: string;
  name: string;
  accountId: string;
  region: string;
};

/** One Kubernetes workload (or the selector that finds it) on an EKS cluster. */
export type ComponentEksWorkload = {
  cluster: string;
  namespace?: string;
  name?: string;
  kind?: string;
  [key: string]: unknown;
};

/** What the collector stored for one component in one environment. */
export type ComponentResources = {
  componentRef: string;
  environment: string;
  ecsServices: ComponentEcsService[];
  eksWorkloads: ComponentEksWorkload[];
  targetGroups: string[];
  alarms: string[];
  collectedAt: Date;
};

/** Outcome of one collector run. */
export type CollectorRunStatus = 'succeeded' | 'partial' | 'failed';

/** Number of AWS calls a run made to one service operation. */
export type CollectorRunCalls = Array<{
  service: string;
  operation: string;
  count: number;
}>;

/** A finished collector run, as stored. */
export type StoredCollectorRun = {
  id: string;
  collectorId: string;
  startedAt: Date;
  finishedAt: Date;
  status: CollectorRunStatus;
  calls: CollectorRunCalls;
  error?: string;
};
