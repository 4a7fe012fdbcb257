import { useCallback, useId, useRef, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { v4 as uuid } from 'uuid';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  DeploymentTarget,
  EnvironmentSummary,
  Revision,
  Rollback,
} from '@internal/plugin-deployments-common';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogTitle from '@mui/material/DialogTitle';
import LinearProgress from '@mui/material/LinearProgress';
import MenuItem from '@mui/material/MenuItem';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { EntityPath, serverMessage } from '@internal/shipyard-react';
import { deploymentsApiRef } from '../../api/deploymentsApiRef';
import {
  revisionLabel,
  targetLabel,
  versionLabel,
} from '../../format/formatRevision';
import { RollbackChangesList } from './RollbackChangesList';
import { RollbackProgress } from './RollbackProgress';
import {
  describeRollbackError,
  RollbackErrorDescription,
} from './describeRollbackError';

export interface RollbackDialogProps {
  entity: EntityPath;
  environment: EnvironmentSummary;
  target: DeploymentTarget;
  onClose(): void;
  /** Called once the rollback has succeeded or failed, to reload what runs where. */
  onFinished?(rollback: Rollback): void;
}

/** The proposed revision first, then every other candidate, newest first. */
function choices(to: Revision, candidates: Revision[]): Revision[] {
  return [to, ...candidates.filter(c => c.id !== to.id)];
}

/**
 * Rolls one target back, after showing what would change. The caller mounts
 * it once per opening: the Idempotency-Key is made when it mounts, so a
 * double click or a retry after a failed request sends the same key and the
 * backend answers with the first request's rollback instead of starting a
 * second one.
 */
export function RollbackDialog(props: RollbackDialogProps) {
  const { entity, environment, target } = props;
  const api = useApi(deploymentsApiRef);
  const titleId = useId();
  const [idempotencyKey] = useState(() => uuid());
  const [toRevision, setToRevision] = useState<string>();
  const [reason, setReason] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const submittingRef = useRef(false);
  const [submitError, setSubmitError] = useState<RollbackErrorDescription>();
  const [rollback, setRollback] = useState<Rollback>();

  const plan = useAsyncRetry(
    () =>
      api.getRollbackPlan({
        path: { ...entity, environment: environment.name },
        query: { target: target.id, toRevision },
      }),
    [api, entity, environment.name, target.id, toRevision],
  );

  const current = plan.value;
  const confirmed =
    !current?.confirmationRequired || confirmation === environment.name;
  const canSubmit =
    !!current &&
    !plan.loading &&
    reason.trim().length > 0 &&
    confirmed &&
    !submitting;

  const submit = useCallback(async () => {
    if (!current || submittingRef.current) {
      return;
    }
    submittingRef.current = true;
    setSubmitting(true);
    setSubmitError(undefined);
    try {
      const created = await api.createRollback({
        path: entity,
        headers: { 'Idempotency-Key': idempotencyKey },
        body: {
          environment: environment.name,
          target: target.id,
          toRevision: current.to.id,
          reason: reason.trim(),
          confirmation: current.confirmationRequired ? confirmation : undefined,
        },
      });
      setRollback(created);
    } catch (e) {
      setSubmitError(describeRollbackError(e as Error));
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
    }
  }, [
    api,
    current,
    entity,
    environment.name,
    target.id,
    reason,
    confirmation,
    idempotencyKey,
  ]);

  let content;
  if (rollback) {
    content = (
      <RollbackProgress rollback={rollback} onDone={props.onFinished} />
    );
  } else if (plan.error && !current) {
    content = (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={plan.retry}>
            Retry
          </Button>
        }
      >
        <AlertTitle>Could not plan the rollback</AlertTitle>
        {serverMessage(plan.error)}
      </Alert>
    );
  } else if (!current) {
    content = <LinearProgress aria-label="Loading the rollback plan" />;
  } else {
    const options = choices(current.to, current.candidates);
    content = (
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        {plan.loading && (
          <LinearProgress aria-label="Loading the rollback plan" />
        )}
        <Typography variant="body2">
          Running now: <strong>{versionLabel(current.from)}</strong> (
          {revisionLabel(target.kind, current.from)})
        </Typography>
        <TextField
          select
          label="Roll back to"
          value={current.to.id}
          onChange={e => setToRevision(e.target.value)}
          disabled={submitting}
          helperText={
            toRevision === undefined
              ? 'Proposed: the last revision that ran stably'
              : undefined
          }
        >
          {options.map(revision => (
            <MenuItem key={revision.id} value={revision.id}>
              {versionLabel(revision)} · {revisionLabel(target.kind, revision)}
            </MenuItem>
          ))}
        </TextField>
        <Box>
          <Typography variant="subtitle2" component="h3" sx={{ mb: 0.5 }}>
            What changes
          </Typography>
          <RollbackChangesList changes={current.changes} />
        </Box>
        <TextField
          label="Reason"
          required
          multiline
          minRows={2}
          value={reason}
          onChange={e => setReason(e.target.value)}
          disabled={submitting}
          inputProps={{ maxLength: 1000 }}
          helperText="Recorded with the rollback and shown in the operations feed"
        />
        {current.confirmationRequired && (
          <TextField
            label={`Type ${environment.name} to confirm`}
            required
            value={confirmation}
            onChange={e => setConfirmation(e.target.value)}
            disabled={submitting}
            autoComplete="off"
            error={confirmation.length > 0 && !confirmed}
            helperText={`${environment.title ?? environment.name} is a ${
              environment.tier
            } environment: repeat its name exactly`}
          />
        )}
        {submitError && (
          <Alert severity="error">
            <AlertTitle>{submitError.title}</AlertTitle>
            {submitError.message}
          </Alert>
        )}
      </Box>
    );
  }

  return (
    <Dialog
      open
      onClose={props.onClose}
      aria-labelledby={titleId}
      fullWidth
      maxWidth="sm"
    >
      <DialogTitle id={titleId}>
        Roll back {target.name} in {environment.title ?? environment.name}
      </DialogTitle>
      <DialogContent>
        <Typography
          variant="caption"
          color="text.secondary"
          component="p"
          sx={{ mb: 2 }}
        >
          {targetLabel(target)} · {target.region}
        </Typography>
        {content}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{rollback ? 'Close' : 'Cancel'}</Button>
        {!rollback && (
          <Button
            variant="contained"
            color="warning"
            onClick={submit}
            disabled={!canSubmit}
          >
            {submitting ? 'Rolling back…' : 'Roll back'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
