import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfoCard } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import { ComponentEnvironment } from '@internal/plugin-security-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import {
  entityPath,
  isNotAllowed,
  prodFirst,
  serverMessage,
} from '@internal/shipyard-react';
import { securityApiRef } from '../../api/securityApiRef';
import { bandColor, bandLabel, MAIN_BANDS } from '../../format/bands';
import { guardDutyOffEverywhere } from '../DetectorNotices';
import { FreshnessNotice } from '../FreshnessNotice';

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/** What is wrong with GuardDuty in an environment, in a few words; undefined when nothing. */
function guardDutyState(env: ComponentEnvironment): string | undefined {
  if (env.detectors.length === 0) return 'GuardDuty not checked yet';
  if (guardDutyOffEverywhere(env.detectors)) return 'GuardDuty off';
  const off = env.detectors.filter(d => d.status === 'off');
  if (off.length > 0) {
    return `GuardDuty off in ${off
      .map(d => `${d.accountId}/${d.region}`)
      .join(', ')}`;
  }
  if (env.detectors.some(d => d.status === 'error')) return 'Sync failed';
  return undefined;
}

/**
 * A component's active GuardDuty findings per environment on its overview,
 * by band, prod first, linking to its Security tab.
 */
export function SecurityOverviewCard() {
  const { entity } = useEntity();
  const api = useApi(securityApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const path = useMemo(() => entityPath(entity), [entity]);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getComponentSecurity({ path }),
    [api, path],
  );

  let content;
  if (isNotAllowed(error)) {
    content = (
      <Typography variant="body2" color="text.secondary">
        Only the owning team, SREs, the security team and managers can see this
        service's findings.
      </Typography>
    );
  } else if (error) {
    content = (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={retry}>
            Retry
          </Button>
        }
      >
        Could not load the findings: {serverMessage(error)}
      </Alert>
    );
  } else if (loading && !value) {
    content = <LinearProgress aria-label="Loading findings" />;
  } else if (!value || value.environments.length === 0) {
    content = (
      <Typography variant="body2" color="text.secondary">
        No GuardDuty data yet: the security collector syncs every few minutes.
      </Typography>
    );
  } else {
    content = (
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
        <Table size="small" aria-label="Active findings per environment">
          <TableHead>
            <TableRow>
              <TableCell>Environment</TableCell>
              {MAIN_BANDS.map(band => (
                <TableCell
                  key={band}
                  align="right"
                  sx={{
                    borderBottomColor: bandColor[band].fill,
                    borderBottomWidth: 3,
                  }}
                >
                  {bandLabel[band]}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {prodFirst(value.environments).map(env => {
              const state = guardDutyState(env);
              const off = guardDutyOffEverywhere(env.detectors);
              return (
                <TableRow key={env.environment}>
                  <TableCell component="th" scope="row">
                    {env.environment}
                    {state && (
                      <Typography
                        variant="caption"
                        color={off ? 'warning.main' : 'text.secondary'}
                        component="div"
                      >
                        {state}
                      </Typography>
                    )}
                  </TableCell>
                  {MAIN_BANDS.map(band => (
                    <TableCell
                      key={band}
                      align="right"
                      sx={{
                        ...numeric,
                        fontWeight: env.counts[band] > 0 ? 700 : undefined,
                        color:
                          off || env.counts[band] === 0
                            ? 'text.disabled'
                            : undefined,
                      }}
                    >
                      {off ? '—' : env.counts[band]}
                    </TableCell>
                  ))}
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <FreshnessNotice freshness={value.freshness} />
      </Box>
    );
  }

  const tabLink = entityRoute ? `${entityRoute(path)}/security` : undefined;
  return (
    <InfoCard
      title="Security"
      subheader="Active GuardDuty findings by severity"
      deepLink={tabLink ? { title: 'Security tab', link: tabLink } : undefined}
    >
      {content}
    </InfoCard>
  );
}
