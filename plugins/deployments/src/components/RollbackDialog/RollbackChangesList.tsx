import { Fragment } from 'react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import {
  RevisionChange,
  RollbackChanges,
} from '@internal/plugin-deployments-common';

function Change(props: { label: string; change: RevisionChange }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>
        <Box component="code" sx={{ overflowWrap: 'anywhere' }}>
          {props.change.from}
        </Box>
        {' → '}
        <Box component="code" sx={{ overflowWrap: 'anywhere' }}>
          {props.change.to}
        </Box>
      </dd>
    </>
  );
}

function Names(props: { label: string; names: string[] }) {
  if (props.names.length === 0) {
    return null;
  }
  return (
    <>
      <dt>{props.label}</dt>
      <dd>
        {props.names.map((name, i) => (
          <Fragment key={name}>
            {i > 0 && ', '}
            <code>{name}</code>
          </Fragment>
        ))}
      </dd>
    </>
  );
}

/** What a rollback changes: image, size, and the names (never values) of variables and secrets. */
export function RollbackChangesList(props: { changes: RollbackChanges }) {
  const { changes } = props;
  const any =
    changes.image ||
    changes.cpu ||
    changes.memory ||
    changes.environmentAdded.length +
      changes.environmentRemoved.length +
      changes.secretsAdded.length +
      changes.secretsRemoved.length >
      0;
  if (!any) {
    return (
      <Typography variant="body2" color="text.secondary">
        The revisions run the same image with the same settings.
      </Typography>
    );
  }
  return (
    <Box
      component="dl"
      aria-label="Changes"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'max-content minmax(0, 1fr)',
        columnGap: 2,
        rowGap: 0.5,
        m: 0,
        typography: 'body2',
        '& dt': { color: 'text.secondary' },
        '& dd': { m: 0 },
      }}
    >
      {changes.image && <Change label="Image" change={changes.image} />}
      {changes.cpu && <Change label="CPU" change={changes.cpu} />}
      {changes.memory && <Change label="Memory" change={changes.memory} />}
      <Names label="Variables added" names={changes.environmentAdded} />
      <Names label="Variables removed" names={changes.environmentRemoved} />
      <Names label="Secrets added" names={changes.secretsAdded} />
      <Names label="Secrets removed" names={changes.secretsRemoved} />
    </Box>
  );
}
