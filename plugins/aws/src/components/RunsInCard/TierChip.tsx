import Chip from '@mui/material/Chip';
import { Theme } from '@mui/material/styles';
import { ShipyardTier } from '@internal/plugin-aws-common';

// Colour grows with how much a change there matters; prod is deliberately
// not red, which the portal keeps for failures.
const tierColour: Record<ShipyardTier, (theme: Theme) => string> = {
  dev: theme => theme.palette.info.main,
  staging: theme => theme.palette.warning.main,
  prod: theme => (theme.palette.mode === 'dark' ? '#ce93d8' : '#7b1fa2'),
};

/** The tier of an environment as a small chip, one colour per tier. */
export function TierChip(props: { tier: ShipyardTier }) {
  const { tier } = props;
  return (
    <Chip
      label={tier}
      size="small"
      variant="outlined"
      sx={theme => ({
        height: 20,
        fontSize: theme.typography.caption.fontSize,
        fontWeight: theme.typography.fontWeightMedium,
        letterSpacing: 0.3,
        textTransform: 'uppercase',
        color: tierColour[tier](theme),
        borderColor: tierColour[tier](theme),
        '& .MuiChip-label': { px: 0.75 },
      })}
    />
  );
}
