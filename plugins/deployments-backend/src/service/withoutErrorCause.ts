import { Rollback } from '@internal/plugin-deployments-common';

/**
 * A rollback record for a caller without `aws.diagnostics.read`: the error
 * in Shipyard's words, without what AWS or Kubernetes answered.
 */
export function withoutErrorCause<T extends Rollback>(
  rollback: T,
): Omit<T, 'errorCause'> {
  const { errorCause: _cause, ...rest } = rollback;
  return rest;
}
