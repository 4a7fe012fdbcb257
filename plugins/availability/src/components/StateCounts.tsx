import { SloState } from '@internal/plugin-availability-common';
import Box from '@mui/material/Box';
import { SLO_STATES, sloStateLabel } from '../format/sloStates';

const accent: Record<SloState, string> = {
  breaching: 'error.main',
  'at-risk': 'warning.main',
  healthy: 'success.main',
  'no-target': 'divider',
  'no-data': 'divider',
};

/**
 * How many rows are in each state, as figures with their labels; the
 * coloured rule beside each only repeats its label.
 */
export function StateCounts(props: {
  counts: Record<SloState, number>;
  label: string;
}) {
  return (
    <Box
      role="group"
      aria-label={props.label}
      component="dl"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 3, m: 0 }}
    >
      {SLO_STATES.map(state => (
        <Box
          key={state}
          sx={{
            display: 'flex',
            flexDirection: 'column-reverse',
            borderLeft: 3,
            borderColor: accent[state],
            pl: 1,
          }}
        >
          <Box
            component="dt"
            sx={{ typography: 'body2', color: 'text.secondary' }}
          >
            {sloStateLabel[state]}
          </Box>
          <Box
            component="dd"
            aria-label={`${sloStateLabel[state]}: ${props.counts[state]}`}
            sx={{
              typography: 'h5',
              fontWeight: 700,
              m: 0,
              fontVariantNumeric: 'tabular-nums',
            }}
          >
            {props.counts[state]}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
