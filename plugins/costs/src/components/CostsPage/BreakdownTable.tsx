import { useEffect, useState } from 'react';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { ServiceLink } from '@internal/shipyard-react';
import { formatCost, formatShare } from '../../format/formatCost';
import { formatMonth, formatMonthShort } from '../../format/formatMonth';
import { CostGroup, GroupBy, groupByLabel } from '../../portfolio/groupCosts';
import { CostChange } from '../CostChange';

const ROWS_PER_PAGE_OPTIONS = [25, 50, 100, 250];
const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

const caption: Partial<Record<CostGroup['kind'], string>> = {
  unattributed: 'Resources without a shipyard:component tag',
  withheld: 'Totalled: you may not read these services’ costs',
};

function GroupName(props: { group: CostGroup; groupBy: GroupBy }) {
  const { group, groupBy } = props;
  const note =
    caption[group.kind] ??
    (groupBy === 'service' || groupBy === 'team' || groupBy === 'system'
      ? group.environments.join(', ')
      : undefined);
  return (
    <>
      {group.kind === 'entity' && group.ref ? (
        <ServiceLink
          entityRef={group.ref}
          label={group.label}
          path={groupBy === 'service' ? 'costs' : undefined}
        />
      ) : (
        <Typography
          variant="body2"
          component="span"
          sx={{
            fontStyle:
              group.kind === 'environment' || group.kind === 'entity'
                ? 'normal'
                : 'italic',
          }}
        >
          {group.label}
        </Typography>
      )}
      {note && (
        <Typography variant="caption" color="text.secondary" component="div">
          {note}
        </Typography>
      )}
    </>
  );
}

/**
 * The breakdown: one line per group, the month to date against the same days
 * of last month, its share, and each full month of the range, newest first.
 */
export function BreakdownTable(props: {
  groups: CostGroup[];
  groupBy: GroupBy;
  months: string[];
  estimated: boolean[];
  currency: string;
}) {
  const { groups, groupBy, months, estimated, currency } = props;
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(50);
  useEffect(() => setPage(0), [groups]);

  const total = groups.reduce((sum, g) => sum + g.monthToDate, 0);
  // Full months, newest first; the current month is the month to date.
  const fullMonths = months
    .map((month, index) => ({ month, index }))
    .slice(0, -1)
    .reverse();
  const start = page * rowsPerPage;
  const visible = groups.slice(start, start + rowsPerPage);

  return (
    <Box>
      <TableContainer>
        <Table
          size="small"
          aria-label={`Costs by ${groupByLabel[groupBy].toLocaleLowerCase(
            'en-US',
          )}`}
        >
          <TableHead>
            <TableRow>
              <TableCell>{groupByLabel[groupBy]}</TableCell>
              <TableCell align="right">Month to date</TableCell>
              <TableCell align="right">vs same days last month</TableCell>
              <TableCell align="right">Share</TableCell>
              {fullMonths.map(({ month, index }) => (
                <TableCell key={month} align="right" title={formatMonth(month)}>
                  {formatMonthShort(month)}
                  {estimated[index] ? '*' : ''}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {visible.length === 0 ? (
              <TableRow>
                <TableCell colSpan={4 + fullMonths.length}>
                  <Typography
                    variant="body2"
                    color="text.secondary"
                    sx={{ py: 2 }}
                  >
                    No cost matches these filters.
                  </Typography>
                </TableCell>
              </TableRow>
            ) : (
              visible.map(group => (
                <TableRow key={group.key} hover>
                  <TableCell component="th" scope="row">
                    <GroupName group={group} groupBy={groupBy} />
                  </TableCell>
                  <TableCell align="right" sx={{ ...numeric, fontWeight: 600 }}>
                    {formatCost(group.monthToDate, currency)}
                  </TableCell>
                  <TableCell align="right" sx={numeric}>
                    <CostChange
                      current={group.monthToDate}
                      previous={group.previousMonthToDate}
                      currency={currency}
                    />
                  </TableCell>
                  <TableCell align="right" sx={numeric}>
                    {formatShare(
                      total > 0 ? (group.monthToDate / total) * 100 : undefined,
                    )}
                  </TableCell>
                  {fullMonths.map(({ month, index }) => (
                    <TableCell key={month} align="right" sx={numeric}>
                      {formatCost(group.months[index], currency)}
                    </TableCell>
                  ))}
                </TableRow>
              ))
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'space-between',
        }}
      >
        <Typography variant="caption" color="text.secondary" sx={{ px: 2 }}>
          {estimated.slice(0, -1).some(Boolean) &&
            '* estimated: Cost Explorer may still revise the month.'}
        </Typography>
        <TablePagination
          component="div"
          count={groups.length}
          page={Math.min(
            page,
            Math.max(0, Math.ceil(groups.length / rowsPerPage) - 1),
          )}
          onPageChange={(_, next) => setPage(next)}
          rowsPerPage={rowsPerPage}
          rowsPerPageOptions={ROWS_PER_PAGE_OPTIONS}
          onRowsPerPageChange={e => {
            setRowsPerPage(Number(e.target.value));
            setPage(0);
          }}
        />
      </Box>
    </Box>
  );
}
