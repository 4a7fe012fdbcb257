import { SloState } from '@internal/plugin-availability-common';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';
import { sloStateDescription, sloStateLabel } from '../format/sloStates';

const stateColour: Record<
  SloState,
  'error' | 'warning' | 'success' | 'default'
> = {
  breaching: 'error',
  'at-risk': 'warning',
  healthy: 'success',
  'no-target': 'default',
  'no-data': 'default',
};

/** A state in words; its colour only repeats what the words say. */
export function SloStateChip(props: { state: SloState }) {
  return (
    <Tooltip title={sloStateDescription[props.state]}>
      <Chip
        size="small"
        variant={props.state === 'breaching' ? 'filled' : 'outlined'}
        color={stateColour[props.state]}
        label={sloStateLabel[props.state]}
      />
    </Tooltip>
  );
}
