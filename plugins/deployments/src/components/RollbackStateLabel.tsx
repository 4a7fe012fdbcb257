import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusRunning,
} from '@backstage/core-components';
import { RollbackState } from '@internal/plugin-deployments-common';

const stateLabel: Record<RollbackState, string> = {
  requested: 'Requested',
  mutating: 'Updating the service',
  'rolling-out': 'Rolling out',
  succeeded: 'Succeeded',
  failed: 'Failed',
};

/**
 * A rollback's state in words, with the status colour Backstage uses for it.
 * A `passed` state (an earlier step of the rollback) shows as done.
 */
export function RollbackStateLabel(props: {
  state: RollbackState;
  passed?: boolean;
}) {
  const label = stateLabel[props.state];
  if (props.passed && props.state !== 'failed') {
    return <StatusOK>{label}</StatusOK>;
  }
  switch (props.state) {
    case 'succeeded':
      return <StatusOK>{label}</StatusOK>;
    case 'failed':
      return <StatusError>{label}</StatusError>;
    case 'requested':
      return <StatusPending>{label}</StatusPending>;
    default:
      return <StatusRunning>{label}</StatusRunning>;
  }
}

/** The words for a rollback state, for places that show no status icon. */
export function rollbackStateText(state: RollbackState): string {
  return stateLabel[state];
}
