import { CostRow } from '@internal/plugin-costs-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { ServiceLink } from '@internal/shipyard-react';
import { formatCost } from '../format/formatCost';
import { CostChange } from './CostChange';

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/** A short table of services this month, each linking to its Costs tab. */
export function CostList(props: {
  rows: readonly CostRow[];
  currency: string;
  label: string;
  showEnvironment?: boolean;
}) {
  const { rows, currency } = props;
  return (
    <Table size="small" aria-label={props.label}>
      <TableHead>
        <TableRow>
          <TableCell>Service</TableCell>
          {props.showEnvironment && <TableCell>Environment</TableCell>}
          <TableCell align="right">Month to date</TableCell>
          <TableCell align="right">vs same days last month</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map(row => (
          <TableRow key={`${row.entityRef}@${row.environment}`}>
            <TableCell component="th" scope="row">
              {row.entityRef && (
                <ServiceLink
                  entityRef={row.entityRef}
                  label={row.title ?? row.name ?? row.entityRef}
                  path="costs"
                />
              )}
            </TableCell>
            {props.showEnvironment && <TableCell>{row.environment}</TableCell>}
            <TableCell align="right" sx={{ ...numeric, fontWeight: 600 }}>
              {formatCost(row.monthToDate, currency)}
            </TableCell>
            <TableCell align="right" sx={numeric}>
              <CostChange
                current={row.monthToDate}
                previous={row.previousMonthToDate}
                currency={currency}
                compact
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
