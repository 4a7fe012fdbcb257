import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ComponentEnvironment,
  FindingSummary,
} from '@internal/plugin-security-common';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { entityPath, isNotAllowed, prodFirst } from '@internal/shipyard-react';
import { securityApiRef } from '../../api/securityApiRef';
import { BandCounts } from '../BandCounts';
import { DetectorNotices, guardDutyOffEverywhere } from '../DetectorNotices';
import { FindingDetail } from '../FindingDetail';
import { FindingsTable } from '../FindingsTable';
import { FreshnessNotice } from '../FreshnessNotice';
import { Notice } from '../Notice';

function EnvironmentFindings(props: {
  environment: ComponentEnvironment;
  /** Absent when the caller may see counts only. */
  findings?: FindingSummary[];
  onOpen(id: string): void;
}) {
  const env = props.environment;
  const off = guardDutyOffEverywhere(env.detectors);
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={`${env.environment} findings`}
      sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 2 }}
    >
      <Box>
        <Typography variant="h6" component="h3">
          {env.environment}
        </Typography>
        <Typography variant="caption" color="text.secondary">
          {env.tier} tier
        </Typography>
      </Box>
      {!off && (
        <BandCounts
          counts={env.counts}
          label={`Active findings in ${env.environment} by severity`}
          size="small"
        />
      )}
      <DetectorNotices detectors={env.detectors} />
      {props.findings?.length === 0 && !off && (
        <Typography variant="body2" color="text.secondary">
          No active findings in {env.environment}.
        </Typography>
      )}
      {props.findings && props.findings.length > 0 && (
        <FindingsTable
          findings={props.findings}
          label={`Findings in ${env.environment}`}
          onOpen={props.onOpen}
          showService={false}
          showEnvironment={false}
        />
      )}
    </Paper>
  );
}

// Active first, then those archived lately; each part keeps the backend's order (most severe first).
function activeFirst(findings: FindingSummary[]): FindingSummary[] {
  return [
    ...findings.filter(f => !f.archived),
    ...findings.filter(f => f.archived),
  ];
}

/**
 * A component's "Security" tab: per environment, prod first, its active
 * GuardDuty findings by band, GuardDuty's state there, and the findings
 * themselves (with those archived in the last 30 days) for whoever may read
 * them; a row opens the finding's detail.
 */
export function SecurityContent() {
  const { entity } = useEntity();
  const api = useApi(securityApiRef);
  const [params, setParams] = useSearchParams();
  const findingId = params.get('finding') || undefined;
  const setFinding = useCallback(
    (id?: string) =>
      setParams(
        current => {
          const next = new URLSearchParams(current);
          if (id) next.set('finding', id);
          else next.delete('finding');
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  const path = useMemo(() => entityPath(entity), [entity]);
  const { value, loading, error } = useAsyncRetry(
    () => api.getComponentSecurity({ path }),
    [api, path],
  );
  const name = entity.metadata.title ?? entity.metadata.name;

  let content;
  if (isNotAllowed(error)) {
    content = (
      <Notice title="You cannot see these findings" locked>
        Only the owning team, SREs, the security team and managers can see this
        service's GuardDuty findings.
      </Notice>
    );
  } else if (error) {
    content = (
      <ResponseErrorPanel
        title={`Could not load the findings of ${name}`}
        error={error}
      />
    );
  } else if (loading && !value) {
    content = <Progress aria-label="Loading findings" />;
  } else if (!value || value.environments.length === 0) {
    content = (
      <Notice title={`No GuardDuty data for ${name} yet`}>
        The security collector syncs GuardDuty in every environment; a finding
        is attributed to this service through the shipyard:component tag of its
        resource.
      </Notice>
    );
  } else {
    const findings = value.findings ?? [];
    content = (
      <>
        <FreshnessNotice freshness={value.freshness} />
        {!value.details && (
          <Notice title="Counts only" locked>
            Finding details are visible to owners, SREs and the security team.
          </Notice>
        )}
        {prodFirst(value.environments).map(env => (
          <EnvironmentFindings
            key={env.environment}
            environment={env}
            findings={
              value.details
                ? activeFirst(
                    findings.filter(f => f.environment === env.environment),
                  )
                : undefined
            }
            onOpen={setFinding}
          />
        ))}
        <FindingDetail
          findingId={findingId}
          summary={findings.find(f => f.id === findingId)}
          onClose={() => setFinding(undefined)}
        />
      </>
    );
  }

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Typography variant="body2" color="text.secondary">
        GuardDuty findings on this service's resources per environment, prod
        first: the active ones and those archived in the last 30 days.
      </Typography>
      {content}
    </Box>
  );
}
