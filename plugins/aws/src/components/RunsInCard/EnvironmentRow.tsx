import { Fragment, useId } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Tooltip from '@mui/material/Tooltip';
import Typography from '@mui/material/Typography';
import { EnvironmentResources, TagMismatch } from '@internal/plugin-aws-common';
import {
  formatAbsoluteTime,
  formatRelativeTime,
} from '@internal/shipyard-react';
import { TierChip } from './TierChip';
import { formatNotCollected } from './formatNotCollected';

/** Where a refresh of one environment stands. */
export interface RefreshState {
  refreshing: boolean;
  error?: string;
}

export interface EnvironmentRowProps {
  /** The environment and what the inventory found there, as the backend answered. */
  resources: EnvironmentResources;
  now: number;
  /** Three columns when the card is wide (main column), stacked when narrow (side column). */
  wide: boolean;
  refresh: RefreshState;
  onRefresh(): void;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** Orders by the environment's cluster order (its primary region first), then name. */
function byClusterOrder<T extends { cluster: string; name: string }>(
  items: T[],
  clusters: { name: string }[],
): T[] {
  const rank = (cluster: string) => {
    const index = clusters.findIndex(c => c.name === cluster);
    return index === -1 ? clusters.length : index;
  };
  return [...items].sort(
    (a, b) => rank(a.cluster) - rank(b.cluster) || a.name.localeCompare(b.name),
  );
}

/** What a mismatch means, in words: `shipyard:owner is team-payments, not team-storefront`. */
function describeMismatch(m: TagMismatch): string {
  return m.actual === undefined
    ? `no ${m.tag} tag (expected ${m.expected || 'a value'})`
    : `${m.tag} is ${m.actual || '""'}, not ${m.expected || '""'}`;
}

function Workload(props: {
  path: string[];
  detail: string;
  mismatches?: TagMismatch[];
}) {
  if (props.mismatches?.length) {
    // Tagged with the component but not its owner's or system's: shown as
    // a warning, never as what the component runs.
    return (
      <Alert
        severity="warning"
        sx={{ py: 0, '& .MuiAlert-message': { minWidth: 0 } }}
      >
        <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
          {props.path.join(' / ')} carries this component's tag, but{' '}
          {props.mismatches.map(describeMismatch).join(' and ')}: not counted as
          this component's.
        </Typography>
      </Alert>
    );
  }
  return (
    <Box sx={{ minWidth: 0 }}>
      <Typography
        variant="body2"
        sx={{ fontWeight: 500, overflowWrap: 'anywhere' }}
      >
        {props.path.join(' / ')}
      </Typography>
      <Typography variant="caption" color="text.secondary" component="div">
        {props.detail}
      </Typography>
    </Box>
  );
}

function WhatRuns(props: { resources: EnvironmentResources; now: number }) {
  const { resources } = props;
  const { environment, componentTag } = resources;
  if (!resources.collectedAt) {
    return (
      <Typography variant="body2" color="text.secondary">
        {formatNotCollected(resources.nextCollectionAt, props.now)}
      </Typography>
    );
  }
  const { ecsServices, eksWorkloads, targetGroups, alarms } = resources;
  if (
    ecsServices.length +
      eksWorkloads.length +
      targetGroups.length +
      alarms.length ===
    0
  ) {
    return (
      <Typography variant="body2" color="text.secondary">
        Nothing tagged{' '}
        <Box component="code" sx={{ fontSize: '0.8125rem' }}>
          {componentTag.key}={componentTag.value}
        </Box>{' '}
        in {environment.name}
      </Typography>
    );
  }
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 0.75 }}>
      {byClusterOrder(ecsServices, environment.ecsClusters).map(service => (
        <Workload
          key={service.arn}
          path={[service.cluster, service.name]}
          detail={`ECS service · ${service.region}`}
          mismatches={service.mismatches}
        />
      ))}
      {byClusterOrder(eksWorkloads, environment.eksClusters).map(workload => (
        <Workload
          key={`${workload.cluster}/${workload.namespace ?? ''}/${
            workload.name
          }`}
          path={[
            workload.cluster,
            ...(workload.namespace ? [workload.namespace] : []),
            workload.name,
          ]}
          detail={`EKS ${workload.kind}${
            workload.namespace ? '' : ' · any namespace'
          } · ${workload.region}`}
          mismatches={workload.mismatches}
        />
      ))}
      {[...ecsServices, ...eksWorkloads].every(w => w.mismatches?.length) && (
        <Typography variant="body2" color="text.secondary">
          No ECS service or EKS workload
        </Typography>
      )}
      <Typography variant="caption" color="text.secondary">
        {plural(targetGroups.length, 'target group')} ·{' '}
        {plural(alarms.length, 'alarm')}
      </Typography>
    </Box>
  );
}

/** One environment of the "Runs in" card: where it is, what runs there, and its refresh. */
export function EnvironmentRow(props: EnvironmentRowProps) {
  const { resources, refresh } = props;
  const { environment } = resources;
  const titleId = useId();
  const title = environment.title ?? environment.name;

  return (
    <Box component="li" aria-labelledby={titleId} sx={{ py: 1.5 }}>
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: props.wide
            ? 'minmax(150px, 2fr) minmax(0, 3fr) auto'
            : 'minmax(0, 1fr) auto',
          columnGap: 2,
          rowGap: 1,
          alignItems: 'start',
        }}
      >
        <Box sx={{ minWidth: 0 }}>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            <Typography id={titleId} variant="subtitle2" component="h3">
              {title}
            </Typography>
            <TierChip tier={environment.tier} />
          </Box>
          {environment.accounts.map(account => (
            <Typography
              key={account.accountId}
              variant="caption"
              color="text.secondary"
              component="div"
            >
              {/* Wrap between regions, never inside one. */}
              {[account.accountId, ...account.regions].map((part, i) => (
                <Fragment key={part}>
                  {i === 1 && ' · '}
                  {i > 1 && ', '}
                  <Box component="span" sx={{ whiteSpace: 'nowrap' }}>
                    {part}
                  </Box>
                </Fragment>
              ))}
            </Typography>
          ))}
        </Box>
        <Box
          sx={{
            minWidth: 0,
            gridColumn: props.wide ? 'auto' : '1 / -1',
            gridRow: props.wide ? 'auto' : 2,
          }}
        >
          <WhatRuns resources={resources} now={props.now} />
        </Box>
        <Box
          sx={{
            display: 'flex',
            flexDirection: 'column',
            alignItems: 'flex-end',
          }}
        >
          <Button
            size="small"
            onClick={props.onRefresh}
            disabled={refresh.refreshing}
            aria-label={`Refresh ${title}`}
            startIcon={
              refresh.refreshing ? (
                <CircularProgress size={14} color="inherit" />
              ) : undefined
            }
            sx={{ minWidth: 0, py: 0 }}
          >
            {refresh.refreshing ? 'Refreshing' : 'Refresh'}
          </Button>
          {resources.collectedAt && (
            <Tooltip title={formatAbsoluteTime(resources.collectedAt)}>
              <Typography
                variant="caption"
                color="text.secondary"
                sx={{ whiteSpace: 'nowrap', pr: 0.625 }}
              >
                {`collected ${formatRelativeTime(
                  resources.collectedAt,
                  props.now,
                )}`}
              </Typography>
            </Tooltip>
          )}
        </Box>
      </Box>
      {refresh.error && (
        <Alert severity="warning" sx={{ mt: 1, py: 0 }}>
          {refresh.error}
        </Alert>
      )}
    </Box>
  );
}
