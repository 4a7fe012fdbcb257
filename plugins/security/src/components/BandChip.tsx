import { SeverityBand } from '@internal/plugin-security-common';
import Box from '@mui/material/Box';
import { bandColor, bandLabel } from '../format/bands';

/**
 * A finding's band as a coloured label, with GuardDuty's severity beside it
 * when the finding has one ("High 8.2").
 */
export function BandChip(props: { band: SeverityBand; severity?: number }) {
  const { fill, text } = bandColor[props.band];
  return (
    <Box
      component="span"
      sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.75 }}
    >
      <Box
        component="span"
        sx={{
          px: 0.75,
          py: 0.125,
          borderRadius: 1,
          backgroundColor: fill,
          color: text,
          typography: 'caption',
          fontWeight: 700,
          whiteSpace: 'nowrap',
        }}
      >
        {bandLabel[props.band]}
      </Box>
      {typeof props.severity === 'number' && (
        <Box
          component="span"
          sx={{ typography: 'body2', fontVariantNumeric: 'tabular-nums' }}
        >
          {props.severity.toFixed(1)}
        </Box>
      )}
    </Box>
  );
}
