import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatCost, formatShare } from '../../format/formatCost';
import { EnvironmentSummary } from '../../portfolio/summarizeEnvironments';

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/**
 * Every environment this month: so far, last month, Cost Explorer's forecast,
 * the unattributed cost (always a column, so it is never hidden) and other
 * teams' services when the backend totals them.
 */
export function EnvironmentTable(props: {
  summaries: EnvironmentSummary[];
  currency: string;
}) {
  const { summaries, currency } = props;
  const withheld = summaries.some(s => s.withheld !== undefined);
  return (
    <TableContainer>
      <Table size="small" aria-label="Environments this month">
        <TableHead>
          <TableRow>
            <TableCell>Environment</TableCell>
            <TableCell>Tier</TableCell>
            <TableCell align="right">Month to date</TableCell>
            <TableCell align="right">Last month</TableCell>
            <TableCell align="right">Forecast to month end</TableCell>
            <TableCell align="right">Unattributed</TableCell>
            {withheld && (
              <TableCell align="right">Other teams' services</TableCell>
            )}
          </TableRow>
        </TableHead>
        <TableBody>
          {summaries.map(s => (
            <TableRow key={s.environment}>
              <TableCell component="th" scope="row">
                {s.environment}
              </TableCell>
              <TableCell>{s.tier}</TableCell>
              <TableCell align="right" sx={{ ...numeric, fontWeight: 600 }}>
                {formatCost(s.monthToDate, currency)}
              </TableCell>
              <TableCell align="right" sx={numeric}>
                {formatCost(s.previousMonth, currency)}
              </TableCell>
              <TableCell align="right" sx={numeric}>
                {s.forecast ? (
                  <>
                    {formatCost(s.forecast.monthEnd, currency)}
                    <Typography
                      variant="caption"
                      color="text.secondary"
                      component="div"
                    >
                      {formatCost(s.forecast.low, currency)} to{' '}
                      {formatCost(s.forecast.high, currency)}
                    </Typography>
                  </>
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell align="right" sx={numeric}>
                {formatCost(s.unattributed, currency)}
                <Typography
                  variant="caption"
                  color="text.secondary"
                  component="div"
                >
                  {formatShare(
                    s.monthToDate > 0
                      ? (s.unattributed / s.monthToDate) * 100
                      : undefined,
                  )}{' '}
                  of {s.environment}
                </Typography>
              </TableCell>
              {withheld && (
                <TableCell align="right" sx={numeric}>
                  {formatCost(s.withheld, currency)}
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
