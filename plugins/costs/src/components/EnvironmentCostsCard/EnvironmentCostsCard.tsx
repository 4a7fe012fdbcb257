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
import { costsApiRef } from '../../api/costsApiRef';
import { formatCost, formatShare } from '../../format/formatCost';
import { summarizeEnvironments } from '../../portfolio/summarizeEnvironments';
import { rootRouteRef } from '../../routes';
import { CostList } from '../CostList';
import { Figure } from '../Figure';
import { FreshnessNotice } from '../FreshnessNotice';

/** How many of the most expensive services the card names. */
const LISTED = 5;

/**
 * An environment's costs on its entity page: this month so far, the forecast,
 * the unattributed cost and the most expensive services. The environment
 * entity's name is the environment's name (the catalog module makes them so).
 */
export function EnvironmentCostsCard() {
  const { entity } = useEntity();
  const environment = entity.metadata.name;
  const api = useApi(costsApiRef);
  const pageLink = useRouteRef(rootRouteRef);
  // One month is enough: every row carries its month to date and last month.
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getCostPortfolio({ query: { months: 1 } }),
    [api],
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
        Could not load costs in {environment}: {serverMessage(error)}
      </Alert>
    );
  } else if (loading && !value) {
    content = <LinearProgress aria-label="Loading costs" />;
  } else {
    const rows = (value?.rows ?? []).filter(r => r.environment === environment);
    const withheld = (value?.withheld ?? []).filter(
      w => w.environment === environment,
    );
    const [summary] = value ? summarizeEnvironments(value, rows, withheld) : [];
    if (!value || !summary) {
      content = (
        <Typography variant="body2" color="text.secondary">
          No costs in {environment} yet: the costs collector reads Cost Explorer
          a few times a day.
        </Typography>
      );
    } else {
      const { currency } = value;
      const top = rows
        .filter(r => r.entityRef)
        .sort((a, b) => b.monthToDate - a.monthToDate)
        .slice(0, LISTED);
      content = (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <Box
            sx={{
              display: 'grid',
              gap: 2,
              gridTemplateColumns: 'repeat(3, minmax(0, 1fr))',
            }}
          >
            <Figure
              label="Month to date"
              value={formatCost(summary.monthToDate, currency)}
              note={`Last month ${formatCost(summary.previousMonth, currency)}`}
            />
            <Figure
              label="Forecast"
              value={
                summary.forecast
                  ? formatCost(summary.forecast.monthEnd, currency)
                  : '—'
              }
              note="To month end"
            />
            <Figure
              label="Unattributed"
              value={formatCost(summary.unattributed, currency)}
              note={`${formatShare(
                summary.monthToDate > 0
                  ? (summary.unattributed / summary.monthToDate) * 100
                  : undefined,
              )}, no component tag`}
            />
          </Box>
          {top.length > 0 ? (
            <CostList
              rows={top}
              currency={currency}
              label={`Most expensive services in ${environment}`}
            />
          ) : (
            <Typography variant="body2" color="text.secondary">
              No service of yours has cost anything in {environment} this month.
            </Typography>
          )}
          {summary.withheld !== undefined && (
            <Typography variant="body2" color="text.secondary">
              Other teams' services: {formatCost(summary.withheld, currency)}
            </Typography>
          )}
          <FreshnessNotice freshness={value.freshness} />
        </Box>
      );
    }
  }

  return (
    <InfoCard
      title="Costs"
      subheader={`AWS costs in ${environment} this month`}
      deepLink={
        pageLink
          ? {
              title: 'All costs',
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
