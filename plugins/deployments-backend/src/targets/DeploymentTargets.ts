import { ShipyardComponent } from '@internal/plugin-aws-node';
import { DeploymentTarget } from '@internal/plugin-deployments-common';
import {
  StoredDeployment,
  StoredRevision,
  StoredTarget,
} from '../database/DeploymentsStore';

/**
 * A target as AWS (or the Kubernetes API) answers right now, read without
 * any cache: what a rollback checks before it mutates, and what the live
 * rollout view shows.
 */
export interface LiveTarget {
  /** The target's summary; `history`, `events` and `failures` may be empty. */
  target: DeploymentTarget;
  /**
   * The link tags the target carries, by Shipyard tag key
   * (`shipyard:component`, `shipyard:environment`, `shipyard:owner`,
   * `shipyard:system`, as configured in `shipyard.tagKeys`). EKS: the
   * Deployment's `shipyard.io/*` labels, under the same tag keys.
   */
  tags: Record<string, string>;
  /** The ECS task definition family, or the Deployment's namespace/name. */
  family: string;
  /** The cluster it runs in, to check against the environment's clusters. */
  cluster: string;
}

/** What one collector pass over one environment found. */
export interface CollectedEnvironment {
  targets: StoredTarget[];
  revisions: StoredRevision[];
  deployments: StoredDeployment[];
}

/**
 * The AWS side of the deployments plugin, one implementation per runtime
 * (ECS services, EKS Deployments). Targets are named by their
 * `DeploymentTarget.id`: the ECS service ARN or `eks:<cluster>/<namespace>/<name>`.
 */
export interface DeploymentTargets {
  /** Whether this implementation handles the target id. */
  handles(targetId: string): boolean;

  /**
   * One collector pass: the targets of these components in one environment,
   * with history, events and failures; revisions not yet stored (`known`
   * lists those that are: task definitions are immutable and fetched once
   * per ARN, ever); the deployments seen.
   */
  collect(request: {
    environment: string;
    components: ShipyardComponent[];
    knownRevisionIds: (ids: string[]) => Promise<Set<string>>;
    signal?: AbortSignal;
  }): Promise<CollectedEnvironment>;

  /** Reads one target now, bypassing every cache. */
  readLive(request: {
    environment: string;
    targetId: string;
  }): Promise<LiveTarget>;

  /**
   * Issues the rollback: ECS UpdateService to the revision's task
   * definition; EKS a Deployment patch with the ReplicaSet's pod template.
   * Resolves once AWS accepted the mutation, not when the rollout ends,
   * with a warning when something after the mutation (recording who rolled
   * back) failed.
   */
  rollback(request: {
    environment: string;
    targetId: string;
    to: StoredRevision;
    /** Written as the deployed-by tag or annotation. */
    requestedBy: string;
  }): Promise<{ warning?: string }>;
}
