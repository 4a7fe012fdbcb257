import { BurnAlert, BurnRate } from '@internal/plugin-availability-common';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatBurnRate } from '../../format/formatBurnRate';

type Window = BurnRate['window'];

const windowLabel: Record<Window, string> = {
  '5m': '5 minutes',
  '30m': '30 minutes',
  '1h': '1 hour',
  '2h': '2 hours',
  '6h': '6 hours',
  '24h': '24 hours',
  '3d': '3 days',
};

// The contract's alert rule (Google's SRE workbook), per window: which
// alert it takes part in, above which rate, paired with which window.
const windowRule: Record<Window, string> = {
  '5m': 'page above 14.4× (with 1 hour)',
  '1h': 'page above 14.4× (with 5 minutes)',
  '30m': 'page above 6× (with 6 hours)',
  '6h': 'page above 6× (with 30 minutes); ticket above 1× (with 3 days)',
  '2h': 'ticket above 3× (with 24 hours)',
  '24h': 'ticket above 3× (with 2 hours)',
  '3d': 'ticket above 1× (with 6 hours)',
};

function AlertLine(props: {
  firing: boolean;
  name: string;
  explanation: string;
}) {
  return (
    <Box
      sx={{
        borderLeft: 3,
        borderColor: props.firing ? 'error.main' : 'divider',
        pl: 1.5,
        py: 0.5,
      }}
    >
      <Typography variant="body2" sx={{ fontWeight: 600 }}>
        {props.name}: {props.firing ? 'firing' : 'not firing'}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {props.explanation}
      </Typography>
    </Box>
  );
}

/**
 * The burn rates now, each against the thresholds of the alert rule it takes
 * part in, and whether the page and ticket alerts fire (as the backend says).
 * A burn rate of 1× spends exactly the budget over the SLO's window.
 */
export function BurnRates(props: { rates: BurnRate[]; alert: BurnAlert }) {
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5 }}>
      <Box
        sx={{
          display: 'grid',
          gap: 1,
          gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' },
        }}
      >
        <AlertLine
          name="Page (fast burn)"
          firing={props.alert.fast}
          explanation="Fires when the budget burns more than 14.4× too fast over both 1 hour and 5 minutes, or 6× over both 6 hours and 30 minutes: at that pace a 30-day budget is gone in 2 to 5 days."
        />
        <AlertLine
          name="Ticket (slow burn)"
          firing={props.alert.slow}
          explanation="Fires when the budget burns more than 3× too fast over both 24 hours and 2 hours, or 1× over both 3 days and 6 hours: at that pace the budget does not last the SLO's window."
        />
      </Box>
      <Table size="small" aria-label="Burn rates">
        <TableHead>
          <TableRow>
            <TableCell>Window</TableCell>
            <TableCell align="right">Burn rate</TableCell>
            <TableCell>Alert rule</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rates.map(rate => (
            <TableRow key={rate.window}>
              <TableCell component="th" scope="row">
                {windowLabel[rate.window]}
              </TableCell>
              <TableCell
                align="right"
                sx={{
                  fontVariantNumeric: 'tabular-nums',
                  fontWeight: rate.rate !== null && rate.rate > 1 ? 600 : 400,
                }}
              >
                {formatBurnRate(rate.rate)}
              </TableCell>
              <TableCell>
                <Typography variant="body2" color="text.secondary">
                  {windowRule[rate.window]}
                </Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
