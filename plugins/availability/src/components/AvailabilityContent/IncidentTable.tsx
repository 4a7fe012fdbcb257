import { Incident, SliKind } from '@internal/plugin-availability-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatAbsoluteTime, formatMinutes } from '@internal/shipyard-react';
import { formatAvailability } from '../../format/formatAvailability';
import { formatBudgetAmount } from '../../format/formatBudget';

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/** Periods below target, newest first, as the backend lists them. */
export function IncidentTable(props: {
  incidents: Incident[];
  sliKind: SliKind;
  target?: number;
}) {
  if (props.incidents.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No period below target in this period.
      </Typography>
    );
  }
  const unit = props.sliKind === 'requests' ? 'requests' : 'minutes';
  return (
    <Table size="small" aria-label="Incidents">
      <TableHead>
        <TableRow>
          <TableCell>Start</TableCell>
          <TableCell>End</TableCell>
          <TableCell align="right">Duration</TableCell>
          <TableCell align="right">Availability</TableCell>
          <TableCell align="right">Budget spent</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.incidents.map(incident => (
          <TableRow key={incident.start}>
            <TableCell sx={numeric}>
              <time dateTime={incident.start}>
                {formatAbsoluteTime(incident.start)}
              </time>
            </TableCell>
            <TableCell sx={numeric}>
              {incident.end ? (
                <time dateTime={incident.end}>
                  {formatAbsoluteTime(incident.end)}
                </time>
              ) : (
                <strong>ongoing</strong>
              )}
            </TableCell>
            <TableCell align="right" sx={numeric}>
              {formatMinutes(incident.durationMinutes)}
            </TableCell>
            <TableCell align="right" sx={numeric}>
              {formatAvailability(incident.availability, props.target)}
            </TableCell>
            <TableCell align="right" sx={numeric}>
              {formatBudgetAmount(incident.budgetSpent, unit)}
              {incident.budgetSpentPercent !== undefined &&
                ` (${incident.budgetSpentPercent.toFixed(1)} % of the budget)`}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
