import { PeriodFigures } from '@internal/plugin-availability-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { formatAvailability } from '../../format/formatAvailability';
import { formatBudgetPercent } from '../../format/formatBudget';
import { periodLabel } from '../../format/periods';

const numeric = { fontVariantNumeric: 'tabular-nums' };

/** The headline figures of every period side by side: 7, 30, 90 days, month, quarter. */
export function PeriodsTable(props: {
  periods: PeriodFigures[];
  target?: number;
}) {
  return (
    <Table size="small" aria-label="Availability per period">
      <TableHead>
        <TableRow>
          <TableCell>Period</TableCell>
          <TableCell align="right">Availability</TableCell>
          <TableCell align="right">Budget left</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.periods.map(figures => (
          <TableRow key={figures.range.period}>
            <TableCell component="th" scope="row">
              {periodLabel[figures.range.period]}
            </TableCell>
            <TableCell align="right" sx={numeric}>
              {formatAvailability(figures.availability, props.target)}
            </TableCell>
            <TableCell align="right" sx={numeric}>
              {formatBudgetPercent(figures.budget?.remainingPercent)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
