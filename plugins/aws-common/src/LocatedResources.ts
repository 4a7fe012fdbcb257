import {
  LocatedAwsResource,
  LocatedEcsService,
  LocatedEksWorkload,
} from './schema/openapi/generated';

/**
 * What the resource locator found for one component in one environment. The
 * item types are the aws plugin's contract (its OpenAPI spec); this groups
 * them as the locator and the database hold them.
 *
 * @public
 */
export interface LocatedResources {
  environment: string;
  componentTagValue: string;
  ecsServices: LocatedEcsService[];
  eksWorkloads: LocatedEksWorkload[];
  /** Elastic Load Balancing target groups. */
  targetGroups: LocatedAwsResource[];
  /** CloudWatch metric alarms. */
  alarms: LocatedAwsResource[];
}
