import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { ShipyardMark } from '../../components/ShipyardMark';

/** The mark with the wordmark, shown when the sidebar is open. */
export const LogoFull = () => (
  <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.25 }}>
    <ShipyardMark size={30} />
    <Typography
      component="span"
      sx={{
        color: '#ffffff',
        fontSize: 22,
        fontWeight: 700,
        letterSpacing: '-0.01em',
        lineHeight: 1,
      }}
    >
      Shipyard
    </Typography>
  </Box>
);
