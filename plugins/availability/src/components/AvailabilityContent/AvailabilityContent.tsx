import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { entityPath, prodFirst } from '@internal/shipyard-react';
import { availabilityApiRef } from '../../api/availabilityApiRef';
import { readPeriod } from '../../format/periods';
import { FreshnessNotice } from '../FreshnessNotice';
import { PeriodSelector } from '../PeriodSelector';
import { EnvironmentSection } from './EnvironmentSection';

/**
 * A component's "Availability" tab: one section per environment, prod
 * first, for the period chosen (kept in the URL).
 */
export function AvailabilityContent() {
  const { entity } = useEntity();
  const api = useApi(availabilityApiRef);
  const [params, setParams] = useSearchParams();
  const period = readPeriod(params.get('period'));
  const path = useMemo(() => entityPath(entity), [entity]);

  const { value, loading, error } = useAsyncRetry(
    () => api.getComponentAvailability({ path, query: { period } }),
    [api, path, period],
  );

  let content;
  if (error) {
    content = (
      <ResponseErrorPanel
        title={`Could not load the availability of ${entity.metadata.name}`}
        error={error}
      />
    );
  } else if (loading && !value) {
    content = <Progress aria-label="Loading availability" />;
  } else if (!value || value.environments.length === 0) {
    content = (
      <Paper variant="outlined" sx={{ p: 3 }}>
        <Typography variant="subtitle1" component="p" sx={{ fontWeight: 600 }}>
          {entity.metadata.name} is not measured yet
        </Typography>
        <Typography variant="body2" color="text.secondary">
          The availability collector runs every 5 minutes and measures a service
          once Shipyard locates it in an environment: behind a load balancer
          target group (requests) or as an ECS service or Kubernetes workload
          (health).
        </Typography>
      </Paper>
    );
  } else {
    content = (
      <>
        <FreshnessNotice freshness={value.freshness} />
        {prodFirst(value.environments).map(environment => (
          <EnvironmentSection
            key={environment.environment}
            availability={environment}
            period={period}
            range={value.range}
          />
        ))}
      </>
    );
  }

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
      <Box
        sx={{
          display: 'flex',
          flexWrap: 'wrap',
          alignItems: 'center',
          justifyContent: 'space-between',
          gap: 2,
        }}
      >
        <Typography variant="body2" color="text.secondary">
          Availability against target per environment; times in your time zone,
          chart buckets in UTC.
        </Typography>
        <PeriodSelector
          value={period}
          onChange={next => {
            const search = new URLSearchParams(params);
            search.set('period', next);
            setParams(search, { replace: true });
          }}
        />
      </Box>
      {content}
    </Box>
  );
}
