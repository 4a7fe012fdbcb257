import { Anomaly } from '@internal/plugin-costs-common';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { humanizeRef, ServiceLink } from '@internal/shipyard-react';
import { formatCost } from '../format/formatCost';
import { formatDay } from '../format/formatMonth';

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/** Cost Explorer's anomalies, newest first: when, where, which AWS service, how much above the expected. */
export function AnomalyTable(props: {
  anomalies: readonly Anomaly[];
  currency: string;
  /** Leave out the service column (on a service's own tab). */
  hideService?: boolean;
  emptyText?: string;
}) {
  const { currency } = props;
  if (props.anomalies.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        {props.emptyText ?? 'No cost anomaly in this range.'}
      </Typography>
    );
  }
  const anomalies = [...props.anomalies].sort((a, b) =>
    b.start.localeCompare(a.start),
  );
  return (
    <Table size="small" aria-label="Cost anomalies">
      <TableHead>
        <TableRow>
          <TableCell>Started</TableCell>
          <TableCell>Ended</TableCell>
          {!props.hideService && <TableCell>Service</TableCell>}
          <TableCell>Environment</TableCell>
          <TableCell>AWS service</TableCell>
          <TableCell align="right">Above expected</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {anomalies.map(anomaly => (
          <TableRow key={anomaly.id}>
            <TableCell sx={numeric}>{formatDay(anomaly.start)}</TableCell>
            <TableCell sx={numeric}>
              {anomaly.end ? formatDay(anomaly.end) : 'ongoing'}
            </TableCell>
            {!props.hideService && (
              <TableCell>
                {anomaly.entityRef ? (
                  <ServiceLink
                    entityRef={anomaly.entityRef}
                    label={humanizeRef(anomaly.entityRef, 'component')}
                    path="costs"
                  />
                ) : (
                  <Typography variant="body2" color="text.secondary">
                    Unattributed
                  </Typography>
                )}
              </TableCell>
            )}
            <TableCell>{anomaly.environment}</TableCell>
            <TableCell>{anomaly.awsService ?? '—'}</TableCell>
            <TableCell align="right" sx={{ ...numeric, fontWeight: 600 }}>
              {formatCost(anomaly.impact, currency)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
