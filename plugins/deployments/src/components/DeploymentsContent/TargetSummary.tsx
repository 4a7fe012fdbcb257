import { useId } from 'react';
import {
  DeploymentTarget,
  RollbackAvailability,
} from '@internal/plugin-deployments-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '@internal/shipyard-react';
import { formatActor } from '../../format/formatActor';
import {
  revisionLabel,
  shortDigest,
  shortSha,
  targetLabel,
  versionLabel,
} from '../../format/formatRevision';
import { RolloutStateChip } from '../RolloutStateChip';

const kindLabel: Record<DeploymentTarget['kind'], string> = {
  'ecs-service': 'ECS service',
  'eks-deployment': 'EKS Deployment',
};

/** Why a target cannot be rolled back from here, or undefined when it can. */
function rollbackBlocked(
  target: DeploymentTarget,
  rollback: RollbackAvailability,
): string | undefined {
  if (!rollback.allowed) {
    return rollback.reason ?? 'You may not roll back in this environment';
  }
  // The backend refuses these too: a target whose tags are not the
  // component's is shown for information, never acted on.
  if (target.mismatches?.length) {
    return 'Its tags are not this component’s, so it cannot be rolled back from here';
  }
  if (!target.running) {
    return 'No running revision was recorded';
  }
  return undefined;
}

export interface TargetSummaryProps {
  environmentName: string;
  target: DeploymentTarget;
  rollback: RollbackAvailability;
  onRollback(): void;
}

/** One ECS service or EKS Deployment: what runs, how its rollout stands, and its roll back button. */
export function TargetSummary(props: TargetSummaryProps) {
  const { target, rollback } = props;
  const { running } = target;
  const headingId = useId();
  const captionId = useId();
  const blocked = rollbackBlocked(target, rollback);

  return (
    <Box component="section" aria-labelledby={headingId} sx={{ py: 1 }}>
      <Typography
        id={headingId}
        variant="subtitle2"
        component="h4"
        sx={{ overflowWrap: 'anywhere' }}
      >
        {targetLabel(target)}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div">
        {kindLabel[target.kind]} · {target.accountId} · {target.region}
      </Typography>

      {running ? (
        <Box sx={{ mt: 1 }}>
          <Typography
            variant="h6"
            component="p"
            aria-label="Running version"
            sx={{ lineHeight: 1.2 }}
          >
            {versionLabel(running)}
          </Typography>
          <Typography variant="caption" color="text.secondary" component="div">
            {[
              running.imageDigest && shortDigest(running.imageDigest),
              running.gitSha && `commit ${shortSha(running.gitSha)}`,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Typography>
          <Typography variant="body2" component="div">
            {revisionLabel(target.kind, running)}
          </Typography>
          {running.deployedAt && (
            <Typography variant="body2" color="text.secondary">
              Deployed <RelativeTime at={running.deployedAt} />
              {running.deployedBy && ` by ${formatActor(running.deployedBy)}`}
            </Typography>
          )}
        </Box>
      ) : (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
          No running revision recorded
        </Typography>
      )}

      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          flexWrap: 'wrap',
          gap: 1,
          mt: 1,
        }}
      >
        <RolloutStateChip
          state={target.rolloutState}
          reason={target.rolloutReason}
        />
        <Typography variant="body2" aria-label="Task counts">
          {target.desiredCount} desired · {target.runningCount} running ·{' '}
          {target.pendingCount} pending
        </Typography>
      </Box>

      {target.mismatches && target.mismatches.length > 0 && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          <AlertTitle>Tags do not match this component</AlertTitle>
          {target.mismatches.map(m => (
            <div key={m.tag}>
              <code>{m.tag}</code> is{' '}
              {m.actual === undefined ? 'missing' : <code>{m.actual}</code>},
              expected <code>{m.expected}</code>
            </div>
          ))}
          Shown for information only: it is not treated as this component’s.
        </Alert>
      )}

      <Box sx={{ mt: 1 }}>
        <Tooltip title={blocked ?? ''}>
          {/* A disabled button fires no events: the span carries the tooltip. */}
          <span>
            <Button
              size="small"
              variant="outlined"
              color="warning"
              disabled={blocked !== undefined}
              onClick={props.onRollback}
              aria-describedby={blocked ? captionId : undefined}
            >
              Roll back
            </Button>
          </span>
        </Tooltip>
        {blocked && (
          <Typography
            id={captionId}
            variant="caption"
            color="text.secondary"
            component="p"
          >
            {blocked}
          </Typography>
        )}
      </Box>
    </Box>
  );
}
