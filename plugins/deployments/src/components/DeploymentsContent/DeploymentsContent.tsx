import { useMemo, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  DeploymentTarget,
  EnvironmentSummary,
} from '@internal/plugin-deployments-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import { entityPath } from '@internal/shipyard-react';
import { deploymentsApiRef } from '../../api/deploymentsApiRef';
import { RollbackDialog } from '../RollbackDialog';
import { EnvironmentCard } from './EnvironmentCard';
import { EnvironmentDetails } from './EnvironmentDetails';

interface RollbackTarget {
  environment: EnvironmentSummary;
  target: DeploymentTarget;
}

/**
 * The "Deployments" tab of a component: what runs in each environment, side
 * by side in the backend's order, with a rollback per target; below, each
 * environment's history, events and failures. One request; the backend
 * decides the environments, drift and who may roll back.
 */
export function DeploymentsContent() {
  const { entity } = useEntity();
  const api = useApi(deploymentsApiRef);
  const path = useMemo(() => entityPath(entity), [entity]);
  const [rollbackTarget, setRollbackTarget] = useState<RollbackTarget>();

  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getComponentDeployments({ path }),
    [api, path],
  );

  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (loading && !value) {
    return <Progress />;
  }
  const items = value?.items ?? [];
  if (items.every(item => item.targets.length === 0)) {
    const collected = items.some(item => item.collectedAt);
    return (
      <EmptyState
        missing="data"
        title={
          collected
            ? `Nothing of ${entity.metadata.name} runs in any environment`
            : 'Deployments not collected yet'
        }
        description={
          collected
            ? 'No ECS service or EKS Deployment carries this component’s tags.'
            : 'The deployments collector has not looked for this component yet; its services appear here after its next run.'
        }
        action={
          <Button variant="outlined" onClick={retry}>
            Reload
          </Button>
        }
      />
    );
  }

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          alignItems: 'start',
          gridTemplateColumns: {
            xs: '1fr',
            md: `repeat(${Math.min(items.length, 3)}, minmax(0, 1fr))`,
          },
        }}
      >
        {items.map(item => (
          <EnvironmentCard
            key={item.environment.name}
            item={item}
            onRollback={target =>
              setRollbackTarget({ environment: item.environment, target })
            }
            onRollbackFinished={retry}
          />
        ))}
      </Box>
      <EnvironmentDetails items={items} />
      {rollbackTarget && (
        <RollbackDialog
          entity={path}
          environment={rollbackTarget.environment}
          target={rollbackTarget.target}
          onClose={() => setRollbackTarget(undefined)}
          onFinished={retry}
        />
      )}
    </Box>
  );
}
