import {
  DeploymentTarget,
  Revision,
} from '@internal/plugin-deployments-common';

/** A target as the collector last saw it; `history` is filled at read time. */
export interface StoredTarget {
  entityRef: string;
  /** The owning group's ref, for the feeds' filters. */
  owner?: string;
  environment: string;
  target: DeploymentTarget;
  collectedAt: Date;
}

/**
 * What a revision runs beyond its summary: what a rollback plan compares
 * and, for EKS, the pod template a rollback restores.
 */
export interface RevisionSpec {
  /** Environment variable names of the main container (never values). */
  environment: string[];
  /** Secret names of the main container (never values). */
  secrets: string[];
  /** The ReplicaSet's pod template (EKS), as the API server returned it. */
  podTemplate?: unknown;
}

/** A task definition or ReplicaSet revision, read once. */
export interface StoredRevision {
  revision: Revision;
  spec: RevisionSpec;
  /** The DeploymentTarget id it belongs to. */
  targetId: string;
  /** The ECS family or the Deployment, which a rollback must stay within. */
  family: string;
}

/** A revision that started running on a target. */
export interface StoredDeployment {
  id: string;
  entityRef: string;
  owner?: string;
  environment: string;
  targetId: string;
  revision: Revision;
  deployedAt: Date;
  deployedBy?: string;
  /**
   * When the commit it runs was made, where the pipeline recorded it: with
   * `deployedAt`, the deployment's lead time for changes.
   */
  committedAt?: Date;
  /** The Shipyard rollback that started it, if one did. */
  rollbackId?: string;
}

/** The deployments plugin's view of what runs where. */
export interface DeploymentsStore {
  /**
   * Replaces the targets of one environment with what a collector run saw:
   * upserts these, removes the environment's targets the run did not see and
   * that were collected before `collectedAt`. A stored target collected later
   * than the one given (a newer run) is kept as it is.
   * @throws InputError when a target is of another environment.
   */
  replaceTargets(
    environment: string,
    targets: StoredTarget[],
    collectedAt: Date,
  ): Promise<void>;
  listTargets(entityRef: string): Promise<StoredTarget[]>;
  getTarget(key: {
    entityRef: string;
    environment: string;
    targetId: string;
  }): Promise<StoredTarget | undefined>;

  /** Which of these revision ids are stored already (never re-read). */
  knownRevisionIds(ids: string[]): Promise<Set<string>>;
  /** Stores revisions; ones already stored are left as they are. */
  saveRevisions(revisions: StoredRevision[]): Promise<void>;
  getRevision(id: string): Promise<StoredRevision | undefined>;
  /** A target's revisions, newest first. */
  listRevisions(targetId: string): Promise<StoredRevision[]>;

  /** Records deployments; ones already recorded (same id) are kept. */
  recordDeployments(deployments: StoredDeployment[]): Promise<void>;
  /** Newest first. */
  listDeployments(filter: {
    entityRef?: string;
    environment?: string;
    targetId?: string;
    owner?: string;
    since?: Date;
    limit: number;
  }): Promise<StoredDeployment[]>;
}
