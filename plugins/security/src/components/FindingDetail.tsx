import { ReactNode, useId } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi } from '@backstage/frontend-plugin-api';
import { FindingSummary } from '@internal/plugin-security-common';
import CloseIcon from '@material-ui/icons/Close';
import OpenInNewIcon from '@material-ui/icons/OpenInNew';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Drawer from '@mui/material/Drawer';
import IconButton from '@mui/material/IconButton';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import {
  formatAbsoluteTime,
  humanizeRef,
  RelativeTime,
  serverMessage,
  ServiceLink,
} from '@internal/shipyard-react';
import { securityApiRef } from '../api/securityApiRef';
import { BandChip } from './BandChip';
import { findingTypeLabel } from './FindingsTable';

function When(props: { at?: string }) {
  if (!props.at) return <>—</>;
  return (
    <>
      {formatAbsoluteTime(props.at)} (<RelativeTime at={props.at} />)
    </>
  );
}

function Field(props: { label: string; children: ReactNode }) {
  return (
    <>
      <Box
        component="dt"
        sx={{ typography: 'body2', color: 'text.secondary', pr: 2 }}
      >
        {props.label}
      </Box>
      <Box
        component="dd"
        sx={{ typography: 'body2', m: 0, wordBreak: 'break-word' }}
      >
        {props.children}
      </Box>
    </>
  );
}

/** Every field of a finding's summary; absent ones (a malformed finding) as a dash. */
function SummaryFields(props: { summary: FindingSummary }) {
  const s = props.summary;
  return (
    <Box
      component="dl"
      aria-label="Finding summary"
      sx={{
        display: 'grid',
        gridTemplateColumns: 'max-content 1fr',
        rowGap: 1,
        m: 0,
      }}
    >
      <Field label="Severity">
        <BandChip band={s.band} severity={s.severity} />
      </Field>
      <Field label="Service">
        {s.entityRef ? (
          <ServiceLink
            entityRef={s.entityRef}
            label={s.title ?? s.entityRef}
            path="security"
          />
        ) : (
          'platform (no shipyard:component tag on its resource)'
        )}
      </Field>
      <Field label="Owner">
        {s.owner ? humanizeRef(s.owner, 'group') : '—'}
      </Field>
      <Field label="Environment">
        {s.environment}
        {s.tier !== s.environment && ` (${s.tier} tier)`}
      </Field>
      <Field label="Account and region">
        {s.accountId} / {s.region}
      </Field>
      <Field label="Resource">
        {s.resource.label}
        {s.resource.type && (
          <Typography variant="caption" color="text.secondary" component="div">
            {s.resource.type}
          </Typography>
        )}
        {s.resource.arn && (
          <Typography
            variant="caption"
            color="text.secondary"
            component="div"
            sx={{ fontFamily: 'monospace' }}
          >
            {s.resource.arn}
          </Typography>
        )}
      </Field>
      <Field label="First seen">
        <When at={s.firstSeen} />
      </Field>
      <Field label="Last seen">
        <When at={s.lastSeen} />
      </Field>
      <Field label="Count">{s.count?.toLocaleString('en-US') ?? '—'}</Field>
      <Field label="Status">
        {s.archived ? (
          <>
            Archived
            {s.archivedAt && (
              <>
                {' '}
                since <When at={s.archivedAt} />
              </>
            )}
          </>
        ) : (
          'Active'
        )}
      </Field>
      <Field label="Finding id">
        <Box component="span" sx={{ fontFamily: 'monospace' }}>
          {s.id}
        </Box>
      </Field>
    </Box>
  );
}

/**
 * One finding in a drawer: its summary, GuardDuty's description and the
 * finding as GuardDuty returned it (formatted JSON, so that a shape Shipyard
 * does not know is still readable in full). `summary`, when the list has it,
 * shows at once while the detail loads.
 */
export function FindingDetail(props: {
  findingId?: string;
  summary?: FindingSummary;
  onClose(): void;
}) {
  const { findingId, onClose } = props;
  const api = useApi(securityApiRef);
  const titleId = useId();
  const { value, loading, error, retry } = useAsyncRetry(
    async () =>
      findingId ? api.getSecurityFinding({ path: { findingId } }) : undefined,
    [api, findingId],
  );
  const finding = value?.summary.id === findingId ? value : undefined;
  const summary =
    finding?.summary ??
    (props.summary?.id === findingId ? props.summary : undefined);

  return (
    <Drawer
      anchor="right"
      open={Boolean(findingId)}
      onClose={onClose}
      PaperProps={{
        role: 'dialog',
        'aria-labelledby': titleId,
        sx: { width: { xs: '100%', md: 720 }, maxWidth: '100%' },
      }}
    >
      <Box sx={{ p: 3, display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Box sx={{ display: 'flex', alignItems: 'flex-start', gap: 1 }}>
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography
              id={titleId}
              variant="h6"
              component="h2"
              sx={{ wordBreak: 'break-word' }}
            >
              {summary ? findingTypeLabel(summary) : 'Finding'}
            </Typography>
            {summary?.findingTitle && (
              <Typography variant="body2" color="text.secondary">
                {summary.findingTitle}
              </Typography>
            )}
          </Box>
          <IconButton aria-label="Close" onClick={onClose}>
            <CloseIcon />
          </IconButton>
        </Box>
        {loading && <LinearProgress aria-label="Loading the finding" />}
        {error && (
          <Alert
            severity="error"
            action={
              <Button color="inherit" size="small" onClick={retry}>
                Retry
              </Button>
            }
          >
            Could not load this finding: {serverMessage(error)}
          </Alert>
        )}
        {summary && (
          <>
            <SummaryFields summary={summary} />
            <Box>
              <Button
                variant="outlined"
                size="small"
                endIcon={<OpenInNewIcon />}
                href={summary.consoleUrl}
                target="_blank"
                rel="noopener noreferrer"
              >
                Open in the GuardDuty console
              </Button>
            </Box>
          </>
        )}
        {finding?.description && (
          <Box>
            <Typography variant="subtitle2" component="h3">
              Description
            </Typography>
            <Typography variant="body2">{finding.description}</Typography>
          </Box>
        )}
        {finding && (
          <Box>
            <Typography variant="subtitle2" component="h3">
              GuardDuty's finding
            </Typography>
            <Box
              component="pre"
              aria-label="GuardDuty's finding as JSON"
              sx={{
                m: 0,
                mt: 1,
                p: 1.5,
                maxHeight: 480,
                overflow: 'auto',
                typography: 'caption',
                fontFamily: 'monospace',
                backgroundColor: 'action.hover',
                borderRadius: 1,
              }}
            >
              {JSON.stringify(finding.detail, null, 2)}
            </Box>
          </Box>
        )}
      </Box>
    </Drawer>
  );
}
