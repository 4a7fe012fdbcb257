import {
  Revision,
  RollbackState,
  RollbackStep,
} from '@internal/plugin-deployments-common';

/** A rollback as its record holds it. */
export interface StoredRollback {
  id: string;
  entityRef: string;
  owner?: string;
  environment: string;
  targetId: string;
  requestedBy: string;
  idempotencyKey?: string;
  from: Revision;
  to: Revision;
  reason: string;
  state: RollbackState;
  /** Why it failed, in Shipyard's words: no AWS or Kubernetes internals. */
  error?: string;
  /**
   * What AWS or Kubernetes answered when it failed (ARNs, account ids): for
   * callers with aws.diagnostics.read only.
   */
  errorCause?: string;
  requestedAt: Date;
  updatedAt: Date;
  finishedAt?: Date;
  steps: RollbackStep[];
}

/** What is known before anything is done: written before AWS is called. */
export type RollbackIntent = Pick<
  StoredRollback,
  | 'entityRef'
  | 'owner'
  | 'environment'
  | 'targetId'
  | 'requestedBy'
  | 'idempotencyKey'
  | 'from'
  | 'to'
  | 'reason'
>;

/** What {@link RollbackStore.createIntent} did. */
export type CreateIntentResult =
  | { created: true; rollback: StoredRollback }
  /** The same requester sent the same idempotency key before: that record. */
  | { created: false; rollback: StoredRollback };

/**
 * The durable record of rollback attempts. At most one unfinished rollback
 * per target and environment, enforced by the database so that it holds
 * across backend replicas.
 */
export interface RollbackStore {
  /**
   * Writes the intent (state `requested`).
   * @throws ConflictError naming the running rollback when the target has
   *   one that is not finished.
   */
  createIntent(intent: RollbackIntent): Promise<CreateIntentResult>;
  /**
   * Moves a rollback to a state and appends the step. `succeeded` and
   * `failed` finish it and free its target for the next rollback. A finished
   * rollback is not changed again: returns it as it is. `error` is also the
   * step's message; `cause` is kept on the rollback only.
   */
  transition(
    id: string,
    state: RollbackState,
    detail?: { message?: string; error?: string; cause?: string },
  ): Promise<StoredRollback>;
  get(id: string): Promise<StoredRollback | undefined>;
  /** Rollbacks not finished, oldest first. */
  listUnfinished(): Promise<StoredRollback[]>;
  /** The unfinished rollback of a target, if any. */
  getActive(
    targetId: string,
    environment: string,
  ): Promise<StoredRollback | undefined>;
  /** Newest first. */
  list(filter: {
    entityRef?: string;
    environment?: string;
    owner?: string;
    since?: Date;
    limit: number;
  }): Promise<StoredRollback[]>;
}
