import { SeverityCounts } from '@internal/plugin-security-common';
import Box from '@mui/material/Box';
import { bandColor, bandLabel, visibleBands } from '../format/bands';

/**
 * Active findings per band, as figures with their labels; the coloured rule
 * beside each only repeats its label. `unknown` (findings without a usable
 * severity) only when there are some.
 */
export function BandCounts(props: {
  counts: SeverityCounts;
  label: string;
  size?: 'small' | 'medium';
}) {
  const small = props.size === 'small';
  return (
    <Box
      role="group"
      aria-label={props.label}
      component="dl"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: small ? 2 : 3, m: 0 }}
    >
      {visibleBands(props.counts).map(band => (
        <Box
          key={band}
          sx={{
            display: 'flex',
            flexDirection: 'column-reverse',
            borderLeft: 4,
            borderColor: bandColor[band].fill,
            pl: 1,
          }}
        >
          <Box
            component="dt"
            sx={{ typography: 'body2', color: 'text.secondary' }}
          >
            {bandLabel[band]}
          </Box>
          <Box
            component="dd"
            aria-label={`${bandLabel[band]}: ${props.counts[band]}`}
            sx={{
              typography: small ? 'h6' : 'h5',
              fontWeight: 700,
              m: 0,
              fontVariantNumeric: 'tabular-nums',
              color: props.counts[band] === 0 ? 'text.disabled' : undefined,
            }}
          >
            {props.counts[band].toLocaleString('en-US')}
          </Box>
        </Box>
      ))}
    </Box>
  );
}
