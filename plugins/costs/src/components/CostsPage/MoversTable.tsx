import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ServiceLink } from '@internal/shipyard-react';
import { formatCost } from '../../format/formatCost';
import { Mover } from '../../portfolio/topMovers';
import { CostChange } from '../CostChange';

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/** The services (and unattributed costs) that moved most this month, like for like. */
export function MoversTable(props: { movers: Mover[]; currency: string }) {
  const { movers, currency } = props;
  if (movers.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No cost moved against the same days of last month.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Top movers">
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          <TableCell>Environment</TableCell>
          <TableCell align="right">Month to date</TableCell>
          <TableCell align="right">Same days last month</TableCell>
          <TableCell align="right">Change</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {movers.map(({ row }) => (
          <TableRow key={`${row.entityRef ?? ''}@${row.environment}`}>
            <TableCell component="th" scope="row">
              {row.entityRef ? (
                <ServiceLink
                  entityRef={row.entityRef}
                  label={row.title ?? row.name ?? row.entityRef}
                  path="costs"
                />
              ) : (
                <Typography
                  variant="body2"
                  component="span"
                  sx={{ fontStyle: 'italic' }}
                >
                  Unattributed
                </Typography>
              )}
            </TableCell>
            <TableCell>{row.environment}</TableCell>
            <TableCell align="right" sx={{ ...numeric, fontWeight: 600 }}>
              {formatCost(row.monthToDate, currency)}
            </TableCell>
            <TableCell align="right" sx={numeric}>
              {formatCost(row.previousMonthToDate, currency)}
            </TableCell>
            <TableCell align="right" sx={numeric}>
              <CostChange
                current={row.monthToDate}
                previous={row.previousMonthToDate}
                currency={currency}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
