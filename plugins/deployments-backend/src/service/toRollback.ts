import { Rollback } from '@internal/plugin-deployments-common';
import { StoredRollback } from '../database/RollbackStore';

/**
 * A rollback record as the API answers it, with its error's cause: the router
 * leaves the cause out for callers without aws.diagnostics.read.
 */
export function toRollback(stored: StoredRollback): Rollback {
  return {
    id: stored.id,
    entityRef: stored.entityRef,
    environment: stored.environment,
    target: stored.targetId,
    from: stored.from,
    to: stored.to,
    reason: stored.reason,
    requestedBy: stored.requestedBy,
    requestedAt: stored.requestedAt.toISOString(),
    state: stored.state,
    ...(stored.error ? { error: stored.error } : {}),
    ...(stored.errorCause ? { errorCause: stored.errorCause } : {}),
    ...(stored.finishedAt
      ? { finishedAt: stored.finishedAt.toISOString() }
      : {}),
    steps: stored.steps,
  };
}
