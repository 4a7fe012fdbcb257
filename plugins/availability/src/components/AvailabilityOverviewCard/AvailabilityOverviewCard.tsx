import { useMemo } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { InfoCard } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
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
import { entityPath, prodFirst, serverMessage } from '@internal/shipyard-react';
import { availabilityApiRef } from '../../api/availabilityApiRef';
import {
  formatAvailability,
  formatTarget,
} from '../../format/formatAvailability';
import { formatBudgetPercent } from '../../format/formatBudget';
import { FreshnessNotice } from '../FreshnessNotice';
import { SloStateChip } from '../SloStateChip';

const numeric = { fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' };

/**
 * The headline number per environment on a component's overview: 30-day
 * availability against target, budget left and state, prod first.
 */
export function AvailabilityOverviewCard() {
  const { entity } = useEntity();
  const api = useApi(availabilityApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const path = useMemo(() => entityPath(entity), [entity]);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getComponentAvailability({ path, query: { period: '30d' } }),
    [api, path],
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
        Could not load availability: {serverMessage(error)}
      </Alert>
    );
  } else if (loading && !value) {
    content = <LinearProgress aria-label="Loading availability" />;
  } else if (!value || value.environments.length === 0) {
    content = (
      <Typography variant="body2" color="text.secondary">
        Not measured yet: the availability collector runs every 5 minutes.
      </Typography>
    );
  } else {
    content = (
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1 }}>
        <Table size="small" aria-label="Availability per environment">
          <TableHead>
            <TableRow>
              <TableCell>Environment</TableCell>
              <TableCell align="right">Availability</TableCell>
              <TableCell align="right">Target</TableCell>
              <TableCell align="right">Budget left</TableCell>
              <TableCell>State</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {prodFirst(value.environments).map(env => {
              const figures = env.periods.find(p => p.range.period === '30d');
              const target = env.objective?.target;
              return (
                <TableRow key={env.environment}>
                  <TableCell component="th" scope="row">
                    {env.environment}
                  </TableCell>
                  <TableCell align="right" sx={{ ...numeric, fontWeight: 600 }}>
                    {formatAvailability(figures?.availability, target)}
                  </TableCell>
                  <TableCell align="right" sx={numeric}>
                    {formatTarget(target)}
                  </TableCell>
                  <TableCell align="right" sx={numeric}>
                    {formatBudgetPercent(figures?.budget?.remainingPercent)}
                  </TableCell>
                  <TableCell>
                    <SloStateChip state={env.state} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <FreshnessNotice freshness={value.freshness} />
      </Box>
    );
  }

  const tabLink = entityRoute ? `${entityRoute(path)}/availability` : undefined;
  return (
    <InfoCard
      title="Availability"
      subheader="Last 30 days, against each environment's target"
      deepLink={
        tabLink ? { title: 'Availability tab', link: tabLink } : undefined
      }
    >
      {content}
    </InfoCard>
  );
}
