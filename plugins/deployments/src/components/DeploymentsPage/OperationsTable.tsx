import { Table, TableColumn } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Operation } from '@internal/plugin-deployments-common';
import Chip from '@mui/material/Chip';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '@internal/shipyard-react';
import { formatActor } from '../../format/formatActor';
import { versionLabel } from '../../format/formatRevision';
import { RollbackStateLabel } from '../RollbackStateLabel';

const columns: TableColumn<Operation>[] = [
  { title: 'Time', width: '150px', render: op => <RelativeTime at={op.at} /> },
  {
    title: 'Type',
    render: op => (
      <Chip
        size="small"
        variant="outlined"
        color={op.type === 'rollback' ? 'warning' : 'default'}
        label={op.type}
      />
    ),
  },
  {
    title: 'Service',
    render: op => (
      <EntityRefLink entityRef={op.entityRef} hideIcon disableTooltip />
    ),
  },
  { title: 'Environment', field: 'environment' },
  {
    title: 'Version',
    render: op => (
      <>
        {versionLabel(op.revision)}
        {op.rolledBack && (
          <Chip
            size="small"
            color="warning"
            label="rolled back"
            sx={{ ml: 1, height: 20 }}
          />
        )}
      </>
    ),
  },
  { title: 'By', render: op => (op.by ? formatActor(op.by) : '—') },
  {
    title: 'State',
    render: op => (op.state ? <RollbackStateLabel state={op.state} /> : '—'),
  },
  {
    title: 'Reason',
    render: op => (
      <Typography variant="body2" sx={{ maxWidth: 320 }}>
        {op.reason ?? '—'}
      </Typography>
    ),
  },
];

/** The operations feed as a table, newest first as the backend answers. */
export function OperationsTable(props: {
  operations: Operation[];
  loading: boolean;
}) {
  return (
    <Table<Operation>
      title="Operations"
      subtitle="Deployments and rollbacks across the portfolio, newest first"
      columns={columns}
      data={props.operations}
      isLoading={props.loading}
      // A page of 20 keeps the DORA figures below within reach; the feed holds up to 100.
      options={{
        paging: true,
        pageSize: 20,
        pageSizeOptions: [20, 50, 100],
        search: false,
        padding: 'dense',
      }}
      emptyContent={
        <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
          No deployments or rollbacks match these filters
        </Typography>
      }
    />
  );
}
