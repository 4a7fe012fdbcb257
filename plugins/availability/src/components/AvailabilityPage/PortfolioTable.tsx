import { memo, useEffect, useMemo, useState } from 'react';
import { PortfolioRow } from '@internal/plugin-availability-common';
import Box from '@mui/material/Box';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { humanizeRef, ServiceLink } from '@internal/shipyard-react';
import {
  formatAvailability,
  formatTarget,
} from '../../format/formatAvailability';
import { SLO_STATES, sloStateLabel } from '../../format/sloStates';
import { BudgetBar } from '../BudgetBar';
import { SloStateChip } from '../SloStateChip';
import { Sparkline } from '../Sparkline';
import { groupRows, PortfolioGroup } from './groupRows';
import { GroupBy, PortfolioSort, SortColumn } from './portfolioFilters';

/** Rows per page: the table renders one page, so 3,000 rows cost what 50 do. */
export const ROWS_PER_PAGE_OPTIONS = [25, 50, 100, 250];
const DEFAULT_ROWS_PER_PAGE = 50;
const COLUMN_COUNT = 8;

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

const sliLabel = { requests: 'Requests', health: 'Health' } as const;

export interface PortfolioTableProps {
  /** Filtered and sorted. */
  rows: PortfolioRow[];
  groupBy?: GroupBy;
  sort: PortfolioSort;
  onSortChange(sort: PortfolioSort): void;
}

function SortHeader(props: {
  column: SortColumn;
  label: string;
  sort: PortfolioSort;
  onSortChange(sort: PortfolioSort): void;
  align?: 'right';
}) {
  const active = props.sort.column === props.column;
  return (
    <TableCell
      align={props.align}
      sortDirection={active ? props.sort.direction : false}
    >
      <TableSortLabel
        active={active}
        direction={active ? props.sort.direction : 'asc'}
        onClick={() =>
          props.onSortChange({
            column: props.column,
            direction:
              active && props.sort.direction === 'asc' ? 'desc' : 'asc',
          })
        }
      >
        {props.label}
      </TableSortLabel>
    </TableCell>
  );
}

const PortfolioTableRow = memo(function TableRowOfService(props: {
  row: PortfolioRow;
  showTeam: boolean;
}) {
  const { row } = props;
  const target = row.objective?.target;
  return (
    <TableRow hover>
      <TableCell component="th" scope="row">
        <ServiceLink entityRef={row.entityRef} label={row.title ?? row.name} />
        {props.showTeam && row.owner && (
          <Typography variant="caption" color="text.secondary" component="div">
            {humanizeRef(row.owner, 'group')}
          </Typography>
        )}
      </TableCell>
      <TableCell>{row.environment}</TableCell>
      <TableCell>
        <Tooltip title={row.sli.description}>
          <span>{sliLabel[row.sli.kind]}</span>
        </Tooltip>
      </TableCell>
      <TableCell align="right" sx={numeric}>
        {formatAvailability(row.availability, target)}
      </TableCell>
      <TableCell align="right" sx={numeric}>
        {row.objective?.source === 'annotation' ? (
          <Tooltip title="Set by the component's shipyard.io/availability-target annotation">
            <span>{formatTarget(target)}*</span>
          </Tooltip>
        ) : (
          formatTarget(target)
        )}
      </TableCell>
      <TableCell align="right">
        <BudgetBar percent={row.budget?.remainingPercent} />
      </TableCell>
      <TableCell>
        <SloStateChip state={row.state} />
        {(row.alert?.fast || row.alert?.slow) && (
          <Typography variant="caption" color="text.secondary" component="div">
            {row.alert.fast ? 'Fast burn: page' : 'Slow burn: ticket'}
          </Typography>
        )}
      </TableCell>
      <TableCell>
        <Sparkline values={row.sparkline} target={target} />
      </TableCell>
    </TableRow>
  );
});

function describeCounts(group: PortfolioGroup): string {
  return SLO_STATES.filter(s => group.rollup.counts[s] > 0)
    .map(
      s =>
        `${group.rollup.counts[s]} ${sloStateLabel[s].toLocaleLowerCase(
          'en-US',
        )}`,
    )
    .join(', ');
}

function GroupHeaderRow(props: {
  group: PortfolioGroup;
  groupBy: GroupBy;
  continued: boolean;
}) {
  const { group, groupBy } = props;
  const name = group.ref
    ? humanizeRef(group.ref, groupBy === 'system' ? 'system' : 'group')
    : `No ${groupBy}`;
  return (
    <TableRow
      sx={{ backgroundColor: 'action.hover' }}
      aria-label={`${name} roll-up`}
    >
      <TableCell component="th" scope="rowgroup" colSpan={3}>
        <Typography variant="subtitle2" component="span">
          {name}
          {props.continued ? ' (continued)' : ''}
        </Typography>
        <Typography variant="caption" color="text.secondary" component="div">
          {group.rows.length} {group.rows.length === 1 ? 'row' : 'rows'}:{' '}
          {describeCounts(group)}
        </Typography>
      </TableCell>
      <TableCell align="right" sx={{ ...numeric, fontWeight: 600 }}>
        {formatAvailability(group.rollup.availability)}
      </TableCell>
      <TableCell />
      <TableCell align="right">
        <Tooltip title="The least budget left among these rows">
          <span>
            <BudgetBar percent={group.rollup.lowestBudgetPercent} />
          </span>
        </Tooltip>
      </TableCell>
      <TableCell>
        <SloStateChip state={group.rollup.state} />
      </TableCell>
      <TableCell />
    </TableRow>
  );
}

/**
 * Services × environments, one page at a time, optionally grouped by system
 * or team with each group's roll-up above its rows (repeated, "continued",
 * at the top of a page that starts inside a group).
 */
export function PortfolioTable(props: PortfolioTableProps) {
  const { rows, groupBy, sort, onSortChange } = props;
  const [page, setPage] = useState(0);
  const [rowsPerPage, setRowsPerPage] = useState(DEFAULT_ROWS_PER_PAGE);

  useEffect(() => setPage(0), [rows, groupBy]);

  const { ordered, groupOf } = useMemo(() => {
    if (!groupBy) {
      return { ordered: rows, groupOf: undefined };
    }
    const groups = groupRows(rows, groupBy);
    const byRow = new Map<PortfolioRow, PortfolioGroup>();
    for (const group of groups) {
      for (const row of group.rows) byRow.set(row, group);
    }
    return { ordered: groups.flatMap(g => g.rows), groupOf: byRow };
  }, [rows, groupBy]);

  const start = page * rowsPerPage;
  const visible = ordered.slice(start, start + rowsPerPage);

  const body: JSX.Element[] = [];
  visible.forEach((row, i) => {
    const group = groupOf?.get(row);
    if (
      group &&
      groupBy &&
      (i === 0 || groupOf?.get(visible[i - 1]) !== group)
    ) {
      body.push(
        <GroupHeaderRow
          key={`group:${group.ref ?? ''}`}
          group={group}
          groupBy={groupBy}
          continued={group.rows[0] !== row}
        />,
      );
    }
    body.push(
      <PortfolioTableRow
        key={`${row.entityRef}@${row.environment}`}
        row={row}
        showTeam={groupBy !== 'team'}
      />,
    );
  });

  const sortProps = { sort, onSortChange };
  return (
    <Box>
      <TableContainer>
        <Table
          size="small"
          aria-label="Availability by service and environment"
        >
          <TableHead>
            <TableRow>
              <SortHeader column="service" label="Service" {...sortProps} />
              <SortHeader
                column="environment"
                label="Environment"
                {...sortProps}
              />
              <TableCell>SLI</TableCell>
              <SortHeader
                column="availability"
                label="Availability"
                align="right"
                {...sortProps}
              />
              <TableCell align="right">Target</TableCell>
              <SortHeader
                column="budget"
                label="Budget left"
                align="right"
                {...sortProps}
              />
              <SortHeader column="worst" label="State" {...sortProps} />
              <TableCell>Daily</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {body.length > 0 ? (
              body
            ) : (
              <TableRow>
                <TableCell colSpan={COLUMN_COUNT}>
                  <Typography
                    variant="body2"
                    color="text.secondary"
                    sx={{ py: 2 }}
                  >
                    No service matches these filters.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={ordered.length}
        page={Math.min(
          page,
          Math.max(0, Math.ceil(ordered.length / rowsPerPage) - 1),
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
  );
}
