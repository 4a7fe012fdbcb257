import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Portfolio } from '@internal/plugin-availability-common';
import DownloadIcon from '@material-ui/icons/GetApp';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { downloadCsv, prodFirst } from '@internal/shipyard-react';
import { availabilityApiRef } from '../../api/availabilityApiRef';
import { periodLabel } from '../../format/periods';
import { FreshnessNotice } from '../FreshnessNotice';
import { PeriodSelector } from '../PeriodSelector';
import { portfolioCsv } from './portfolioCsv';
import { PortfolioFilters } from './PortfolioFilters';
import {
  filterRows,
  PortfolioView,
  readView,
  writeView,
} from './portfolioFilters';
import { PortfolioTable } from './PortfolioTable';
import { sortRows } from './sortRows';

function choices(portfolio: Portfolio | undefined) {
  const rows = portfolio?.rows ?? [];
  const environments = new Map<string, (typeof rows)[number]['tier']>();
  const teams = new Set<string>();
  for (const row of rows) {
    environments.set(row.environment, row.tier);
    if (row.owner) teams.add(row.owner);
  }
  return {
    environments: prodFirst(
      [...environments].map(([name, tier]) => ({ name, tier })),
    ).map(e => e.name),
    teams: [...teams].sort(),
  };
}

/**
 * The manager's page: every measured service in every environment against
 * its target, worst first, filtered, grouped and sorted in the browser from
 * one portfolio request per period. The view lives in the URL.
 */
export function AvailabilityPage() {
  const api = useApi(availabilityApiRef);
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const update = (next: Partial<PortfolioView>) =>
    setParams(writeView({ ...view, ...next }), { replace: true });

  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getPortfolio({ query: { period: view.period } }),
    [api, view.period],
  );

  const { environment, tier, team, state, sort } = view;
  const filtered = useMemo(
    () =>
      sortRows(
        filterRows(value?.rows ?? [], { environment, tier, team, state }),
        sort,
      ),
    [value, environment, tier, team, state, sort],
  );
  const options = useMemo(() => choices(value), [value]);

  let content;
  if (error) {
    content = (
      <ResponseErrorPanel
        title="Could not load the portfolio's availability"
        error={error}
      />
    );
  } else if (loading && !value) {
    content = <Progress aria-label="Loading availability" />;
  } else if (!value || value.rows.length === 0) {
    content = (
      <EmptyState
        missing="data"
        title="No service measured yet"
        description="The availability collector runs every 5 minutes: services appear here once it has stored their first metrics. A service is measured when Shipyard locates it in an environment (its shipyard:component tag)."
        action={
          <Button variant="outlined" onClick={retry}>
            Check again
          </Button>
        }
      />
    );
  } else {
    content = (
      <Paper variant="outlined">
        <PortfolioTable
          rows={filtered}
          groupBy={view.groupBy}
          sort={sort}
          onSortChange={next => update({ sort: next })}
        />
      </Paper>
    );
  }

  return (
    <Content>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Box
          sx={{
            display: 'flex',
            flexWrap: 'wrap',
            alignItems: 'flex-end',
            justifyContent: 'space-between',
            gap: 2,
          }}
        >
          <Box>
            <Typography variant="h5" component="h2">
              Services by environment
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Availability over{' '}
              {periodLabel[view.period].toLocaleLowerCase('en-US')} against each
              service's target, worst first.
              {value &&
                ` ${filtered.length.toLocaleString(
                  'en-US',
                )} of ${value.rows.length.toLocaleString('en-US')} rows.`}
            </Typography>
          </Box>
          <PeriodSelector
            value={view.period}
            onChange={period => update({ period })}
          />
        </Box>
        {value && <FreshnessNotice freshness={value.freshness} />}
        <Box
          sx={{
            display: 'flex',
            flexWrap: 'wrap',
            alignItems: 'center',
            justifyContent: 'space-between',
            gap: 2,
          }}
        >
          <PortfolioFilters
            value={view}
            environments={options.environments}
            teams={options.teams}
            onChange={next => update(next)}
          />
          <Button
            variant="outlined"
            startIcon={<DownloadIcon />}
            disabled={filtered.length === 0}
            onClick={() =>
              downloadCsv(
                `availability-${view.period}-${new Date()
                  .toISOString()
                  .slice(0, 10)}.csv`,
                portfolioCsv(filtered),
              )
            }
          >
            Export CSV
          </Button>
        </Box>
        {content}
      </Box>
    </Content>
  );
}
