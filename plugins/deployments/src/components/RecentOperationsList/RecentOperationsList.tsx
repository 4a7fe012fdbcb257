import { Fragment, ReactNode } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Operation } from '@internal/plugin-deployments-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { RelativeTime, serverMessage } from '@internal/shipyard-react';
import { deploymentsApiRef } from '../../api/deploymentsApiRef';
import { formatActor } from '../../format/formatActor';
import { versionLabel } from '../../format/formatRevision';
import { RollbackStateLabel } from '../RollbackStateLabel';

/**
 * Props for {@link RecentOperationsList}.
 *
 * @public
 */
export interface RecentOperationsListProps {
  /** Only operations that match these, as ListOperations filters them. */
  filter?: {
    owner?: string;
    entityRef?: string;
    environment?: string;
    type?: 'deployment' | 'rollback';
  };
  /** How many to show, newest first; 10 by default. */
  limit?: number;
  /** Shown when there are none; a sentence saying so by default. */
  emptyState?: ReactNode;
}

function OperationItem(props: { operation: Operation }) {
  const { operation: op } = props;
  const version = versionLabel(op.revision);
  return (
    <Box component="li" sx={{ py: 1 }}>
      <Typography variant="body2" component="div">
        <EntityRefLink entityRef={op.entityRef} hideIcon disableTooltip />{' '}
        {op.type === 'rollback' ? (
          <>
            rolled back to <strong>{version}</strong> in {op.environment}
          </>
        ) : (
          <>
            <strong>{version}</strong> deployed to {op.environment}
          </>
        )}
        {op.rolledBack && (
          <Chip
            label="rolled back"
            size="small"
            color="warning"
            variant="outlined"
            sx={{ ml: 1, height: 20 }}
          />
        )}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div">
        <RelativeTime at={op.at} />
        {op.by && ` · by ${formatActor(op.by)}`}
        {op.reason && ` · “${op.reason}”`}
      </Typography>
      {op.state && op.type === 'rollback' && (
        <Typography variant="caption" component="div">
          <RollbackStateLabel state={op.state} />
        </Typography>
      )}
    </Box>
  );
}

/**
 * The latest deployments and rollbacks, newest first, as a compact list: for
 * the home page, an environment's page, or any card.
 *
 * @public
 */
export function RecentOperationsList(props: RecentOperationsListProps) {
  const { filter, limit = 10, emptyState } = props;
  const api = useApi(deploymentsApiRef);
  const { owner, entityRef, environment, type } = filter ?? {};

  const { value, loading, error, retry } = useAsyncRetry(
    () =>
      api.listOperations({
        query: { owner, entityRef, environment, type, limit },
      }),
    [api, owner, entityRef, environment, type, limit],
  );

  if (error) {
    return (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={retry}>
            Retry
          </Button>
        }
      >
        Could not load the recent operations: {serverMessage(error)}
      </Alert>
    );
  }
  if (loading && !value) {
    return <Progress />;
  }
  const items = value?.items ?? [];
  if (items.length === 0) {
    if (emptyState !== undefined && typeof emptyState !== 'string') {
      return <>{emptyState}</>;
    }
    return (
      <Typography variant="body2" color="text.secondary">
        {emptyState ?? 'No deployments or rollbacks recorded yet'}
      </Typography>
    );
  }
  return (
    <Box
      component="ul"
      aria-label="Recent operations"
      sx={{ listStyle: 'none', m: 0, p: 0 }}
    >
      {items.map((operation, index) => (
        <Fragment key={operation.id}>
          {index > 0 && <Divider component="li" aria-hidden />}
          <OperationItem operation={operation} />
        </Fragment>
      ))}
    </Box>
  );
}
