import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfoCard } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { serverMessage } from '@internal/shipyard-react';
import { securityApiRef } from '../../api/securityApiRef';
import { totalFindings } from '../../format/bands';
import { rootRouteRef } from '../../routes';
import { BandCounts } from '../BandCounts';
import { BreakableType } from '../BreakableType';
import { DetectorNotices, guardDutyOffEverywhere } from '../DetectorNotices';
import { FreshnessNotice } from '../FreshnessNotice';

/** How many of the environment's finding types the card names. */
const LISTED_TYPES = 3;

/**
 * An environment's GuardDuty findings on its entity page: active findings by
 * band, how many are platform findings, GuardDuty's state in each account
 * and region, and the most frequent types. The environment entity's name is
 * the environment's name (the catalog module makes them so).
 */
export function EnvironmentSecurityCard() {
  const { entity } = useEntity();
  const environment = entity.metadata.name;
  const api = useApi(securityApiRef);
  const pageLink = useRouteRef(rootRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getSecurityOverview({ query: { environment } }),
    [api, environment],
  );
  const env = value?.environments.find(e => e.environment === environment);

  let content;
  if (error) {
    content = (
      <Alert
        severity="error"
        action={
          <Button color="inherit" size="small" onClick={retry}>
            Retry
          </Button>
        }
      >
        Could not load the findings in {environment}: {serverMessage(error)}
      </Alert>
    );
  } else if (loading && !value) {
    content = <LinearProgress aria-label="Loading findings" />;
  } else if (!value || !env) {
    content = (
      <Typography variant="body2" color="text.secondary">
        No GuardDuty data for {environment}.
      </Typography>
    );
  } else {
    const off = guardDutyOffEverywhere(env.detectors);
    const platform = totalFindings(env.platformCounts);
    content = (
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        {!off && (
          <>
            <BandCounts
              counts={env.counts}
              label={`Active findings in ${environment} by severity`}
            />
            <Typography variant="body2" color="text.secondary">
              {value.scope === 'own'
                ? "Your team's services only."
                : `${platform.toLocaleString('en-US')} platform ${
                    platform === 1 ? 'finding' : 'findings'
                  } (no service).`}
            </Typography>
          </>
        )}
        <DetectorNotices detectors={env.detectors} />
        {!off && env.topTypes.length > 0 && (
          <Box>
            <Typography variant="subtitle2" component="h4">
              Most frequent
            </Typography>
            <Box
              component="ol"
              aria-label={`Top finding types in ${environment}`}
              sx={{ m: 0, pl: 0, listStyle: 'none' }}
            >
              {env.topTypes.slice(0, LISTED_TYPES).map(t => (
                <Box
                  component="li"
                  key={t.type}
                  sx={{
                    display: 'flex',
                    justifyContent: 'space-between',
                    gap: 2,
                    typography: 'body2',
                    py: 0.25,
                  }}
                >
                  <Box component="span" sx={{ overflowWrap: 'anywhere' }}>
                    <BreakableType type={t.type} />
                  </Box>
                  <span>{t.count.toLocaleString('en-US')}</span>
                </Box>
              ))}
            </Box>
          </Box>
        )}
        <FreshnessNotice freshness={value.freshness} />
      </Box>
    );
  }

  return (
    <InfoCard
      title="Security"
      subheader={`Active GuardDuty findings in ${environment}`}
      deepLink={
        pageLink
          ? {
              title: 'All findings',
              link: `${pageLink()}?environment=${encodeURIComponent(
                environment,
              )}`,
            }
          : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
