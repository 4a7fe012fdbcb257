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
import { availabilityApiRef } from '../../api/availabilityApiRef';
import { countStates } from '../../format/sloStates';
import { rootRouteRef } from '../../routes';
import { AtRiskList, breachingOrAtRisk } from '../AtRiskList';
import { FreshnessNotice } from '../FreshnessNotice';
import { StateCounts } from '../StateCounts';

/** How many of the worst services the card names. */
const LISTED = 5;

/**
 * An environment's availability on its entity page: how many services are in
 * each state over 30 days, and the worst of them. The environment entity's
 * name is the environment's name (the catalog module makes them so).
 */
export function EnvironmentAvailabilityCard() {
  const { entity } = useEntity();
  const environment = entity.metadata.name;
  const api = useApi(availabilityApiRef);
  const pageLink = useRouteRef(rootRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getPortfolio({ query: { period: '30d', environment } }),
    [api, environment],
  );

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
        Could not load availability in {environment}: {serverMessage(error)}
      </Alert>
    );
  } else if (loading && !value) {
    content = <LinearProgress aria-label="Loading availability" />;
  } else if (!value || value.rows.length === 0) {
    content = (
      <Typography variant="body2" color="text.secondary">
        No service measured in {environment} yet: the availability collector
        runs every 5 minutes.
      </Typography>
    );
  } else {
    const worst = breachingOrAtRisk(value.rows).slice(0, LISTED);
    content = (
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <StateCounts
          counts={countStates(value.rows)}
          label={`Services in ${environment} by state`}
        />
        {worst.length > 0 ? (
          <AtRiskList rows={worst} label={`Worst services in ${environment}`} />
        ) : (
          <Typography variant="body2" color="text.secondary">
            No service in {environment} is breaching its target or at risk.
          </Typography>
        )}
        <FreshnessNotice freshness={value.freshness} />
      </Box>
    );
  }

  return (
    <InfoCard
      title="Availability"
      subheader={`Services in ${environment} against their targets, last 30 days`}
      deepLink={
        pageLink
          ? {
              title: 'All services',
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
