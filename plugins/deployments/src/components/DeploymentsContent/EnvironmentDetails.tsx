import { useState } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import {
  DeploymentTarget,
  EnvironmentDeployments,
  Revision,
  TargetEvent,
  TargetFailure,
} from '@internal/plugin-deployments-common';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Tab from '@mui/material/Tab';
import Tabs from '@mui/material/Tabs';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '@internal/shipyard-react';
import {
  revisionLabel,
  shortDigest,
  shortSha,
  targetLabel,
  versionLabel,
} from '../../format/formatRevision';
import { formatActor } from '../../format/formatActor';

const tableOptions = {
  paging: false,
  search: false,
  padding: 'dense' as const,
  toolbar: true,
};

function Empty(props: { children: string }) {
  return (
    <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
      {props.children}
    </Typography>
  );
}

function HistoryTable(props: { target: DeploymentTarget }) {
  const { target } = props;
  const columns: TableColumn<Revision>[] = [
    {
      title: 'Version',
      render: revision => (
        <>
          {versionLabel(revision)}
          {revision.id === target.running?.id && (
            <Chip
              label="running"
              size="small"
              color="success"
              variant="outlined"
              sx={{ ml: 1 }}
            />
          )}
        </>
      ),
    },
    { title: 'Revision', render: r => revisionLabel(target.kind, r) },
    {
      title: 'Digest',
      render: r => (r.imageDigest ? shortDigest(r.imageDigest) : '—'),
    },
    { title: 'Commit', render: r => (r.gitSha ? shortSha(r.gitSha) : '—') },
    {
      title: 'Deployed',
      render: r => (r.deployedAt ? <RelativeTime at={r.deployedAt} /> : '—'),
    },
    {
      title: 'By',
      render: r => (r.deployedBy ? formatActor(r.deployedBy) : '—'),
    },
  ];
  return (
    <Table<Revision>
      title="History"
      subtitle="The last 20 revisions, newest first"
      columns={columns}
      data={target.history.slice(0, 20)}
      options={tableOptions}
      emptyContent={<Empty>No revisions recorded</Empty>}
    />
  );
}

function EventsTable(props: { target: DeploymentTarget }) {
  const columns: TableColumn<TargetEvent>[] = [
    {
      title: 'When',
      width: '160px',
      render: e => <RelativeTime at={e.at} />,
    },
    { title: 'Event', field: 'message' },
  ];
  return (
    <Table<TargetEvent>
      title="Recent events"
      columns={columns}
      data={props.target.events}
      options={tableOptions}
      emptyContent={<Empty>No recent events</Empty>}
    />
  );
}

function FailuresTable(props: { target: DeploymentTarget }) {
  const { target } = props;
  const columns: TableColumn<TargetFailure>[] = [
    { title: 'When', width: '160px', render: f => <RelativeTime at={f.at} /> },
    { title: 'Reason', field: 'reason' },
    { title: 'Container', render: f => f.container ?? '—' },
    { title: 'Exit code', render: f => f.exitCode ?? '—' },
    { title: 'Revision', render: f => f.revision ?? '—' },
  ];
  return (
    <Table<TargetFailure>
      title={target.kind === 'ecs-service' ? 'Stopped tasks' : 'Failing pods'}
      columns={columns}
      data={target.failures}
      options={tableOptions}
      emptyContent={<Empty>No failures recorded</Empty>}
    />
  );
}

/** Per environment, one tab: each target's history, recent events and failures. */
export function EnvironmentDetails(props: { items: EnvironmentDeployments[] }) {
  const { items } = props;
  const [selected, setSelected] = useState(0);
  const item = items[Math.min(selected, items.length - 1)];
  if (!item) {
    return null;
  }
  return (
    <Box>
      <Tabs
        value={Math.min(selected, items.length - 1)}
        onChange={(_, value: number) => setSelected(value)}
        aria-label="Environment details"
      >
        {items.map(i => (
          <Tab
            key={i.environment.name}
            label={i.environment.title ?? i.environment.name}
          />
        ))}
      </Tabs>
      <Box role="tabpanel" sx={{ pt: 2 }}>
        {item.targets.length === 0 && (
          <Empty>Nothing recorded in this environment yet</Empty>
        )}
        {item.targets.map(target => (
          <Box key={target.id} sx={{ mb: 3 }}>
            <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
              {targetLabel(target)}
            </Typography>
            <Box sx={{ display: 'grid', gap: 2 }}>
              <HistoryTable target={target} />
              <FailuresTable target={target} />
              <EventsTable target={target} />
            </Box>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
