import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Rollback } from '@internal/plugin-deployments-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { RelativeTime, serverMessage } from '@internal/shipyard-react';
import { deploymentsApiRef } from '../../api/deploymentsApiRef';
import { versionLabel } from '../../format/formatRevision';
import { RollbackStateLabel } from '../RollbackStateLabel';

/** How often a running rollback is read again: the backend's live cache is about as short. */
export const ROLLBACK_POLL_INTERVAL_MS = 2_000;

export interface RollbackProgressProps {
  /** The record as last known, e.g. CreateRollback's answer. */
  rollback: Rollback;
  /** Called once, when the rollback has succeeded or failed. */
  onDone?(rollback: Rollback): void;
}

function isDone(rollback: Rollback): boolean {
  return rollback.state === 'succeeded' || rollback.state === 'failed';
}

/**
 * A rollback followed live: its steps and the rollout's task or pod counts,
 * read again every 2 s until it has succeeded or failed.
 */
export function RollbackProgress(props: RollbackProgressProps) {
  const api = useApi(deploymentsApiRef);
  const [rollback, setRollback] = useState(props.rollback);
  const [pollError, setPollError] = useState<Error>();
  // Counts polls, so that a failed one schedules the next just as a good one does.
  const [polls, setPolls] = useState(0);
  const done = isDone(rollback);
  const onDone = useRef(props.onDone);
  onDone.current = props.onDone;

  useEffect(() => {
    if (done) {
      return undefined;
    }
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const next = await api.getRollback({ path: { id: rollback.id } });
        if (!cancelled) {
          setRollback(next);
          setPollError(undefined);
        }
      } catch (e) {
        if (!cancelled) {
          setPollError(e as Error);
        }
      }
      if (!cancelled) {
        setPolls(n => n + 1);
      }
    }, ROLLBACK_POLL_INTERVAL_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [api, rollback.id, done, polls]);

  useEffect(() => {
    if (done) {
      onDone.current?.(rollback);
    }
    // Once per rollback: only the transition to done matters.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [done]);

  const { rollout } = rollback;
  return (
    <Box aria-label="Rollback progress" role="region">
      <Typography variant="body2" sx={{ mb: 1 }}>
        {versionLabel(rollback.from)} → {versionLabel(rollback.to)} in{' '}
        {rollback.environment}
      </Typography>
      {!done && <LinearProgress aria-label="Rollback running" sx={{ mb: 1 }} />}
      <Box
        component="ol"
        aria-label="Steps"
        sx={{ m: 0, pl: 2.5, '& li': { mb: 0.5 } }}
      >
        {rollback.steps.map((step, i) => (
          <li key={`${step.state}-${step.at}`}>
            <RollbackStateLabel
              state={step.state}
              passed={i < rollback.steps.length - 1}
            />{' '}
            <Typography
              variant="caption"
              color="text.secondary"
              component="span"
            >
              <RelativeTime at={step.at} />
            </Typography>
            {step.message && (
              <Typography variant="body2" color="text.secondary">
                {step.message}
              </Typography>
            )}
          </li>
        ))}
      </Box>
      {rollout && (
        <Typography variant="body2" sx={{ mt: 1 }}>
          Rollout: {rollout.runningCount} of {rollout.desiredCount} running,{' '}
          {rollout.pendingCount} pending
        </Typography>
      )}
      {rollback.state === 'succeeded' && (
        <Alert severity="success" sx={{ mt: 1 }}>
          Rolled back to {versionLabel(rollback.to)}.
        </Alert>
      )}
      {rollback.state === 'failed' && (
        <Alert severity="error" sx={{ mt: 1 }}>
          The rollback failed{rollback.error ? `: ${rollback.error}` : '.'}
          {/* Present only for SREs (aws.diagnostics.read): what AWS answered. */}
          {rollback.errorCause && (
            <Typography variant="body2" sx={{ mt: 0.5 }}>
              Cause: {rollback.errorCause}
            </Typography>
          )}
        </Alert>
      )}
      {pollError && !done && (
        <Alert severity="warning" sx={{ mt: 1 }}>
          Could not read the rollback’s progress: {serverMessage(pollError)}.
          Trying again.
        </Alert>
      )}
    </Box>
  );
}
