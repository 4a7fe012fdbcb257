/**
 * An ECS service found through the component and environment tags.
 *
 * @public
 */
export interface LocatedEcsService {
  arn: string;
  /** The cluster name, from the service ARN. */
  cluster: string;
  name: string;
  accountId: string;
  region: string;
}

/**
 * Where to look for a component's workloads in an EKS cluster of the
 * environment. Kubernetes objects carry no AWS tags, so the locator does not
 * list them: the caller queries the cluster with `labelSelector`.
 *
 * @public
 */
export interface LocatedEksWorkload {
  /** The configured EKS cluster name. */
  cluster: string;
  accountId: string;
  region: string;
  /** Undefined means every namespace. */
  namespace?: string;
  /** The expected workload name: the component tag value. */
  name: string;
  kind: 'Deployment';
  /** Selects the component's objects, e.g. `shipyard.io/component=checkout-api`. */
  labelSelector: string;
}

/**
 * An AWS resource found through tags, identified by ARN and, for resources
 * that APIs address by name, its name.
 *
 * @public
 */
export interface LocatedAwsResource {
  arn: string;
  name: string;
  accountId: string;
  region: string;
}

/**
 * The AWS resources of one component in one environment.
 *
 * @public
 */
export interface ComponentResources {
  environment: string;
  componentTagValue: string;
  ecsServices: LocatedEcsService[];
  eksWorkloads: LocatedEksWorkload[];
  /** Elastic Load Balancing target groups. */
  targetGroups: LocatedAwsResource[];
  /** CloudWatch metric alarms. */
  alarms: LocatedAwsResource[];
}
