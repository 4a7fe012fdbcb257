import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { DeploymentTarget } from '@internal/plugin-deployments-common';

type RolloutState = DeploymentTarget['rolloutState'];

const rolloutLabel: Record<RolloutState, string> = {
  IN_PROGRESS: 'Rolling out',
  COMPLETED: 'Rolled out',
  FAILED: 'Rollout failed',
};

const rolloutColour: Record<RolloutState, 'info' | 'success' | 'error'> = {
  IN_PROGRESS: 'info',
  COMPLETED: 'success',
  FAILED: 'error',
};

/** The state of a target's latest rollout; its reason, when there is one, in a tooltip. */
export function RolloutStateChip(props: {
  state: RolloutState;
  reason?: string;
}) {
  const chip = (
    <Chip
      size="small"
      variant="outlined"
      color={rolloutColour[props.state]}
      label={rolloutLabel[props.state]}
    />
  );
  return props.reason ? <Tooltip title={props.reason}>{chip}</Tooltip> : chip;
}
