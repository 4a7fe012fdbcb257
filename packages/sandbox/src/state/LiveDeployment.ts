/**
 * One rollout of a service, from the scenario's history or started through the API.
 *
 * @public
 */
export interface LiveDeployment {
  /** ECS-style deployment id, `ecs-svc/<19 digits>`. */
  id: string;
  /** The task definition revision (ECS) or ReplicaSet revision (EKS). */
  revision: number;
  image: string;
  imageTag: string;
  /** ECS only. */
  taskDefinitionArn?: string;
  createdAt: Date;
  reason: 'release' | 'rollback' | 'update';
  /**
   * Who deployed it, when known: the scenario's pipeline, or for a Kubernetes rollout the
   * Deployment's `shipyard.io/deployed-by` annotation. ECS UpdateService does not say who.
   */
  deployedBy?: string;
  /** The commit it runs and when it was made, when the scenario's pipeline deployed it. */
  commitSha?: string;
  committedAt?: Date;
}

/**
 * A deployment as seen at one moment of its rollout.
 *
 * @public
 */
export interface DeploymentView extends LiveDeployment {
  /** PRIMARY is the newest deployment; ACTIVE the one it is replacing. */
  status: 'PRIMARY' | 'ACTIVE';
  rolloutState: 'IN_PROGRESS' | 'COMPLETED';
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  updatedAt: Date;
}

/**
 * A service's deployments at one moment: one PRIMARY, plus the ACTIVE one while a rollout is
 * in progress.
 *
 * @public
 */
export interface RolloutView {
  deployments: DeploymentView[];
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  /** When the last rollout completed; undefined while one is in progress. */
  steadySince?: Date;
}

/**
 * A task (ECS) or pod (EKS) of a service, derived from its rollout: ids are stable, so the
 * same task keeps its id from PENDING to RUNNING to STOPPED.
 *
 * @public
 */
export interface TaskView {
  id: string;
  serviceId: string;
  deployment: DeploymentView;
  lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  desiredStatus: 'RUNNING' | 'STOPPED';
  startedAt?: Date;
  stoppedAt?: Date;
  createdAt: Date;
  availabilityZone: string;
  /**
   * Why a STOPPED task stopped: the scheduler replaced or scaled it in, or (tasks on a `bad`
   * image, listed with `replaceCrashed`) its essential container was killed.
   */
  stopCause?: 'scheduler' | 'crashed';
}
