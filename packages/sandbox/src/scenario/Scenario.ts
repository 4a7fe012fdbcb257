import type {
  ComponentRuntime,
  ComponentType,
  DemoEnvironment,
  EnvironmentTier,
} from './demoOrganisation';

/**
 * A component of the scenario: one of the demo components, or at `scale` above 1 one of its
 * numbered copies (`catalog-api-0042`), which shares the original's owner, system and runtime.
 *
 * @public
 */
export interface ScenarioComponent {
  name: string;
  /** The demo component this is a copy of; equals `name` for the originals. */
  baseName: string;
  /** 0 for the original, 1..scale-1 for copies. */
  copyIndex: number;
  type: ComponentType;
  system: string;
  owner: string;
  runtime: ComponentRuntime;
}

/** @public */
export interface ScenarioCluster {
  kind: 'ecs' | 'eks';
  name: string;
  arn: string;
  accountId: string;
  region: string;
  environment: string;
  tags: Record<string, string>;
}

/** @public */
export type AlarmKind = 'error-rate' | 'latency' | 'cpu' | 'queue-age';

/** @public */
export interface ScenarioAlarm {
  name: string;
  arn: string;
  kind: AlarmKind;
}

/**
 * One rollout of a service to a new version, as history. ECS deployments carry the task
 * definition revision they rolled out; EKS ones the Deployment's revision number.
 *
 * @public
 */
export interface ScenarioDeployment {
  revision: number;
  imageTag: string;
  image: string;
  deployedAt: Date;
  /**
   * Who deployed it, as the pipeline records it (`shipyard:deployed-by`): a member of the owning
   * team for a release, a platform SRE for a rollback. A catalog user name.
   */
  deployedBy: string;
  reason: 'release' | 'rollback';
  /** The commit it runs (a rollback: the earlier release's), as `shipyard:commit-sha` records it. */
  commitSha: string;
  /** When that commit was made (`shipyard:committed-at`). */
  committedAt: Date;
  /** ECS only. */
  taskDefinitionArn?: string;
}

/**
 * A component running in one environment, region and cluster: an ECS service, or an EKS
 * Deployment (in the owning team's namespace).
 *
 * @public
 */
export interface ScenarioService {
  /** `<accountId>/<region>/<cluster>/<name>`, the key used by the state and lookups. */
  id: string;
  component: string;
  baseComponent: string;
  type: ComponentType;
  owner: string;
  system: string;
  runtime: ComponentRuntime;
  environment: string;
  tier: EnvironmentTier;
  accountId: string;
  region: string;
  cluster: string;
  clusterArn: string;
  /** The ECS service name or the Kubernetes Deployment name (both the component name). */
  name: string;
  /** ECS: the service ARN. EKS: the cluster ARN followed by `/<namespace>/<name>`. */
  arn: string;
  /** EKS only: the Kubernetes namespace, named after the owning team. */
  namespace?: string;
  /** ECS only: the task definition family `<component>-<environment>`. */
  family?: string;
  desiredCount: number;
  cpu: number;
  memory: number;
  /** Port the container listens on; undefined for workers. */
  containerPort?: number;
  /** Undefined for workers, which sit behind no load balancer. */
  targetGroupArn?: string;
  /** The environment's shared load balancer that the target group belongs to; with `targetGroupArn`. */
  loadBalancerArn?: string;
  alarms: ScenarioAlarm[];
  /** Oldest first; the last one is what runs now. */
  deployments: ScenarioDeployment[];
  createdAt: Date;
  /**
   * The four shipyard:* link tags. The ECS service and its task definitions also carry the
   * pipeline's `deploymentTags` (who and when, and the commit).
   */
  tags: Record<string, string>;
}

/**
 * A time window in which a service misbehaves; the metrics read these.
 * `incident`: something other than a deployment went wrong. `bad-deployment`: a release that
 * raised errors until it was rolled back.
 *
 * @public
 */
export interface ScenarioWindow {
  kind: 'incident' | 'bad-deployment';
  serviceId: string;
  component: string;
  environment: string;
  start: Date;
  end: Date;
  /** Share of requests that fail at the height of the window (0..1). */
  errorRate: number;
  /** How many times the normal latency requests take at the height of the window. */
  latencyFactor: number;
  summary: string;
  /** bad-deployment only: the tag rolled out and the tag rolled back to. */
  imageTag?: string;
  rolledBackTo?: string;
}

/** @public */
export interface ScenarioImage {
  tag: string;
  digest: string;
  sizeInBytes: number;
  pushedAt: Date;
}

/** An ECR repository per component in every account and region it runs in. @public */
export interface ScenarioRepository {
  accountId: string;
  region: string;
  name: string;
  arn: string;
  uri: string;
  createdAt: Date;
  images: ScenarioImage[];
  tags: Record<string, string>;
}

/**
 * The application load balancer an environment shares in one account and region
 * (`shipyard-<environment>`); every target group of that environment there belongs to it.
 *
 * @public
 */
export interface ScenarioLoadBalancer {
  /** `arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/shipyard-<env>/<hex>`. */
  arn: string;
  name: string;
  accountId: string;
  region: string;
  environment: string;
  vpcId: string;
}

/** A taggable AWS resource, as the Resource Groups Tagging API lists it. @public */
export interface ScenarioTaggedResource {
  arn: string;
  /** `<service>:<type>`, e.g. `ecs:service`, `elasticloadbalancing:targetgroup`. */
  resourceType: string;
  accountId: string;
  region: string;
  tags: Record<string, string>;
}

/**
 * The deterministic world the sandbox starts from: the same seed and scale give the same
 * scenario, with every time relative to `createdAt` (the clock when it was built).
 *
 * @public
 */
export interface Scenario {
  readonly seed: string;
  readonly scale: number;
  readonly createdAt: Date;
  readonly environments: readonly DemoEnvironment[];
  readonly components: readonly ScenarioComponent[];
  readonly clusters: readonly ScenarioCluster[];
  /** One per environment, account and region. */
  readonly loadBalancers: readonly ScenarioLoadBalancer[];
  readonly services: readonly ScenarioService[];
  readonly windows: readonly ScenarioWindow[];
  readonly repositories: readonly ScenarioRepository[];
  readonly taggedResources: readonly ScenarioTaggedResource[];

  getService(id: string): ScenarioService | undefined;
  /** The services of a component in an environment (several when it runs in more than one region). */
  findServices(query: {
    component: string;
    environment?: string;
    region?: string;
  }): ScenarioService[];
  /** The windows that overlap [from, to) for a service. */
  windowsFor(serviceId: string, from: Date, to: Date): ScenarioWindow[];
  environment(name: string): DemoEnvironment | undefined;
}
