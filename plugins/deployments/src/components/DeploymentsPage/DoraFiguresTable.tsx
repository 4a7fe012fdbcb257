import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { DoraFigures } from '@internal/plugin-deployments-common';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { formatMinutes } from '@internal/shipyard-react';
import { LeadTimeCell } from './LeadTimeCell';

/** The windows the DORA figures can be read over, in days. */
export const DORA_WINDOWS = [7, 30, 90] as const;
export type DoraWindow = (typeof DORA_WINDOWS)[number];

function percent(share: number): string {
  return Number.isFinite(share) ? `${Math.round(share * 100)} %` : '—';
}

const columns: TableColumn<DoraFigures>[] = [
  {
    title: 'Team',
    render: f =>
      f.owner ? (
        <EntityRefLink
          entityRef={f.owner}
          defaultKind="group"
          hideIcon
          disableTooltip
        />
      ) : (
        '—'
      ),
  },
  { title: 'Environment', field: 'environment' },
  { title: 'Deployments', field: 'deployments', type: 'numeric' },
  {
    title: 'Per week',
    type: 'numeric',
    render: f => f.deploymentsPerWeek.toFixed(1),
  },
  {
    title: 'Change failure rate',
    type: 'numeric',
    render: f => percent(f.changeFailureRate),
  },
  { title: 'Rollbacks', field: 'rollbacks', type: 'numeric' },
  {
    title: 'Median time to restore',
    type: 'numeric',
    render: f => formatMinutes(f.medianTimeToRestoreMinutes),
  },
  {
    title: 'Median lead time',
    type: 'numeric',
    render: f => <LeadTimeCell figures={f} />,
  },
];

export interface DoraFiguresTableProps {
  figures: DoraFigures[];
  loading: boolean;
  days: DoraWindow;
  onDaysChange(days: DoraWindow): void;
}

/** DORA figures per team and environment, over a window of 7, 30 or 90 days. */
export function DoraFiguresTable(props: DoraFiguresTableProps) {
  return (
    <Table<DoraFigures>
      title={
        <>
          <Typography variant="h5" component="h2">
            DORA figures
          </Typography>
          <ToggleButtonGroup
            size="small"
            exclusive
            value={props.days}
            onChange={(_, days: DoraWindow | null) =>
              days && props.onDaysChange(days)
            }
            aria-label="Window"
            sx={{ mt: 1 }}
          >
            {DORA_WINDOWS.map(days => (
              <ToggleButton key={days} value={days}>
                {days} days
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
        </>
      }
      columns={columns}
      data={props.figures}
      isLoading={props.loading}
      options={{ paging: false, search: false, padding: 'dense' }}
      emptyContent={
        <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
          No deployments in this window
        </Typography>
      }
    />
  );
}
