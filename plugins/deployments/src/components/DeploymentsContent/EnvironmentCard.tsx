import { Fragment, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import {
  DeploymentTarget,
  EnvironmentDeployments,
} from '@internal/plugin-deployments-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { RelativeTime } from '@internal/shipyard-react';
import { formatActor } from '../../format/formatActor';
import { versionLabel } from '../../format/formatRevision';
import { RollbackProgress } from '../RollbackDialog';
import { rollbackStateText } from '../RollbackStateLabel';
import { TargetSummary } from './TargetSummary';

export interface EnvironmentCardProps {
  item: EnvironmentDeployments;
  onRollback(target: DeploymentTarget): void;
  /** Called when a rollback followed from the banner has finished. */
  onRollbackFinished(): void;
}

function ActiveRollbackBanner(props: {
  item: EnvironmentDeployments;
  onFinished(): void;
}) {
  const [following, setFollowing] = useState(false);
  const rollback = props.item.activeRollback;
  if (!rollback) {
    return null;
  }
  return (
    <Alert
      severity="info"
      sx={{ mb: 1 }}
      action={
        !following && (
          <Button
            color="inherit"
            size="small"
            onClick={() => setFollowing(true)}
          >
            Follow
          </Button>
        )
      }
    >
      <AlertTitle>
        Rollback {rollbackStateText(rollback.state).toLocaleLowerCase('en-US')}
      </AlertTitle>
      {versionLabel(rollback.from)} → {versionLabel(rollback.to)}, requested by{' '}
      {formatActor(rollback.requestedBy)}{' '}
      <RelativeTime at={rollback.requestedAt} />: “{rollback.reason}”
      {following && (
        <div style={{ marginTop: 8 }}>
          <RollbackProgress rollback={rollback} onDone={props.onFinished} />
        </div>
      )}
    </Alert>
  );
}

/** One environment: what runs there, drift, a running rollback, and a roll back button per target. */
export function EnvironmentCard(props: EnvironmentCardProps) {
  const { item } = props;
  const { environment, drift } = item;
  return (
    <InfoCard
      title={environment.title ?? environment.name}
      subheader={
        // One span: the header lays out its children as flex items, which drops edge spaces.
        <span>
          {environment.tier} tier
          {item.collectedAt && (
            <>
              {' · collected '}
              <RelativeTime at={item.collectedAt} />
            </>
          )}
        </span>
      }
    >
      <section aria-label={`${environment.name} deployments`}>
        <ActiveRollbackBanner
          item={item}
          onFinished={props.onRollbackFinished}
        />
        {drift && (
          <Alert severity="warning" sx={{ mb: 1 }}>
            {environment.name} runs {drift.imageTag}, {drift.comparedTo} runs{' '}
            {drift.newerImageTag}
          </Alert>
        )}
        {item.targets.length === 0 && (
          <Typography variant="body2" color="text.secondary">
            {item.collectedAt
              ? `No ECS service or EKS Deployment of this component in ${environment.name}`
              : 'Not collected yet: the deployments collector has not looked here'}
          </Typography>
        )}
        {item.targets.map((target, index) => (
          <Fragment key={target.id}>
            {index > 0 && <Divider />}
            <TargetSummary
              environmentName={environment.name}
              target={target}
              rollback={item.rollback}
              onRollback={() => props.onRollback(target)}
            />
          </Fragment>
        ))}
      </section>
    </InfoCard>
  );
}
