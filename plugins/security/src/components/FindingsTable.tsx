import { memo, MouseEvent } from 'react';
import { FindingSummary } from '@internal/plugin-security-common';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import IconButton from '@mui/material/IconButton';
import Link from '@mui/material/Link';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { RelativeTime, ServiceLink } from '@internal/shipyard-react';
import { BandChip } from './BandChip';
import { BreakableType } from './BreakableType';

// Named for screen readers, blank on screen: the column holds icon links.
const visuallyHidden = {
  position: 'absolute',
  width: '1px',
  height: '1px',
  overflow: 'hidden',
  clip: 'rect(0 0 0 0)',
  whiteSpace: 'nowrap',
} as const;

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/** A finding's type as people read it; a malformed finding may have none. */
export function findingTypeLabel(finding: FindingSummary): string {
  return finding.type ?? 'Unknown type';
}

function serviceName(finding: FindingSummary): string {
  return finding.title ?? finding.entityRef!.replace(/^[^/]*\//, '');
}

// Links inside a row keep their own behaviour instead of opening the detail.
const stop = (e: MouseEvent) => e.stopPropagation();

const FindingRow = memo(function RowOfFinding(props: {
  finding: FindingSummary;
  showService: boolean;
  showEnvironment: boolean;
  onOpen(id: string): void;
}) {
  const { finding, onOpen } = props;
  const type = findingTypeLabel(finding);
  return (
    <TableRow
      hover
      onClick={() => onOpen(finding.id)}
      sx={{ cursor: 'pointer', verticalAlign: 'top' }}
    >
      <TableCell sx={{ whiteSpace: 'nowrap' }}>
        <BandChip band={finding.band} severity={finding.severity} />
      </TableCell>
      <TableCell component="th" scope="row" sx={{ minWidth: 220 }}>
        <Link
          component="button"
          variant="body2"
          underline="hover"
          onClick={(e: MouseEvent) => {
            e.stopPropagation();
            onOpen(finding.id);
          }}
          sx={{ textAlign: 'left', fontWeight: 600, overflowWrap: 'anywhere' }}
        >
          <BreakableType type={type} />
        </Link>
        {finding.archived && (
          <Chip label="Archived" size="small" sx={{ ml: 1 }} />
        )}
        {finding.findingTitle && (
          <Typography variant="caption" color="text.secondary" component="div">
            {finding.findingTitle}
          </Typography>
        )}
      </TableCell>
      {props.showService && (
        <TableCell onClick={stop} sx={{ minWidth: 100 }}>
          {finding.entityRef ? (
            <ServiceLink
              entityRef={finding.entityRef}
              label={serviceName(finding)}
              path="security"
            />
          ) : (
            <Tooltip title="Attributed to no service: its resource carries no shipyard:component tag">
              <Typography variant="body2" color="text.secondary">
                platform
              </Typography>
            </Tooltip>
          )}
        </TableCell>
      )}
      {props.showEnvironment && <TableCell>{finding.environment}</TableCell>}
      <TableCell sx={{ overflowWrap: 'anywhere' }}>
        <Tooltip
          title={[finding.resource.type, finding.resource.arn]
            .filter(Boolean)
            .join(': ')}
        >
          <span>{finding.resource.label}</span>
        </Tooltip>
      </TableCell>
      <TableCell>
        {finding.lastSeen ? <RelativeTime at={finding.lastSeen} /> : '—'}
        <Typography
          variant="caption"
          color="text.secondary"
          component="div"
          sx={{ whiteSpace: 'nowrap' }}
        >
          first{' '}
          {finding.firstSeen ? <RelativeTime at={finding.firstSeen} /> : '—'}
        </Typography>
      </TableCell>
      <TableCell align="right" sx={numeric}>
        {finding.count?.toLocaleString('en-US') ?? '—'}
      </TableCell>
      <TableCell onClick={stop} padding="checkbox">
        <Tooltip title="Open in the GuardDuty console (new tab)">
          <IconButton
            size="small"
            component="a"
            href={finding.consoleUrl}
            target="_blank"
            rel="noopener noreferrer"
            aria-label={`Open ${type} in the AWS console`}
          >
            <OpenInNewIcon fontSize="small" />
          </IconButton>
        </Tooltip>
      </TableCell>
    </TableRow>
  );
});

/**
 * Findings, most severe first as the backend orders them: band and severity,
 * type and GuardDuty's title, service (or "platform"), environment, resource,
 * first and last seen, how often GuardDuty saw it and a link to the console.
 * A row opens the finding's detail.
 */
export function FindingsTable(props: {
  findings: readonly FindingSummary[];
  label: string;
  onOpen(id: string): void;
  /** Off on a component's tab, where every finding is the same service's. */
  showService?: boolean;
  showEnvironment?: boolean;
  /** What the body says when there is no finding. */
  emptyText?: string;
}) {
  const showService = props.showService ?? true;
  const showEnvironment = props.showEnvironment ?? true;
  const columns = 6 + (showService ? 1 : 0) + (showEnvironment ? 1 : 0);
  return (
    <TableContainer>
      <Table
        size="small"
        aria-label={props.label}
        // Narrower gutters than MUI's 16 px: eight columns fit a laptop's width.
        sx={{ '& td, & th': { px: 1.25 } }}
      >
        <TableHead>
          <TableRow sx={{ '& th': { whiteSpace: 'nowrap' } }}>
            <TableCell>Severity</TableCell>
            <TableCell>Finding</TableCell>
            {showService && <TableCell>Service</TableCell>}
            {showEnvironment && <TableCell>Environment</TableCell>}
            <TableCell>Resource</TableCell>
            <TableCell>Last seen</TableCell>
            <TableCell align="right">Count</TableCell>
            <TableCell>
              <Box component="span" sx={visuallyHidden}>
                AWS console
              </Box>
            </TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {props.findings.length > 0 ? (
            props.findings.map(finding => (
              <FindingRow
                key={finding.id}
                finding={finding}
                showService={showService}
                showEnvironment={showEnvironment}
                onOpen={props.onOpen}
              />
            ))
          ) : (
            <TableRow>
              <TableCell colSpan={columns}>
                <Typography
                  variant="body2"
                  color="text.secondary"
                  sx={{ py: 2 }}
                >
                  {props.emptyText ?? 'No active findings.'}
                </Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
