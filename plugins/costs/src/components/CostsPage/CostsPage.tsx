import { lazy, ReactNode, Suspense, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { CostRow, Portfolio } from '@internal/plugin-costs-common';
import DownloadIcon from '@material-ui/icons/GetApp';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { downloadCsv, humanizeRef } from '@internal/shipyard-react';
import { costsApiRef } from '../../api/costsApiRef';
import { alignMonths, estimatedMonths } from '../../portfolio/alignMonths';
import { costsCsv } from '../../portfolio/costsCsv';
import { groupCosts } from '../../portfolio/groupCosts';
import {
  EnvironmentSummary,
  summarizeEnvironments,
} from '../../portfolio/summarizeEnvironments';
import { topMovers } from '../../portfolio/topMovers';
import { AnomalyTable } from '../AnomalyTable';
import { FreshnessNotice } from '../FreshnessNotice';
import { MonthsSelector } from '../MonthsSelector';
import { BreakdownTable } from './BreakdownTable';
import { CostsFilters } from './CostsFilters';
import { CostsView, readView, writeView } from './costsView';
import { EnvironmentTable } from './EnvironmentTable';
import { MoversTable } from './MoversTable';
import { SummaryFigures } from './SummaryFigures';

const MonthlyCostChart = lazy(() => import('../charts/MonthlyCostChart'));

function Section(props: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={props.title}
      sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 2 }}
    >
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
          <Typography variant="h6" component="h3">
            {props.title}
          </Typography>
          {props.description && (
            <Typography variant="body2" color="text.secondary">
              {props.description}
            </Typography>
          )}
        </Box>
        {props.action}
      </Box>
      {props.children}
    </Paper>
  );
}

function filterRows(rows: readonly CostRow[], view: CostsView): CostRow[] {
  return rows.filter(
    row =>
      (!view.environment || row.environment === view.environment) &&
      // Unattributed cost belongs to no team: a team's view leaves it out.
      (!view.team || row.owner === view.team),
  );
}

function filterWithheld(portfolio: Portfolio, view: CostsView) {
  if (view.team) return [];
  return (portfolio.withheld ?? []).filter(
    w => !view.environment || w.environment === view.environment,
  );
}

function filterAnomalies(portfolio: Portfolio, view: CostsView) {
  const owners = new Map(portfolio.rows.map(r => [r.entityRef, r.owner]));
  return portfolio.anomalies.filter(
    a =>
      (!view.environment || a.environment === view.environment) &&
      (!view.team || (a.entityRef && owners.get(a.entityRef) === view.team)),
  );
}

function Trend(props: {
  portfolio: Portfolio;
  summaries: EnvironmentSummary[];
}) {
  const { portfolio, summaries } = props;
  const series = summaries.map(s => ({
    name: s.environment,
    amounts: portfolio.months.map(() => 0),
  }));
  const add = (environment: string, amounts: number[]) => {
    const s = series.find(x => x.name === environment);
    amounts.forEach((amount, i) => {
      if (s) s.amounts[i] += amount;
    });
  };
  for (const row of portfolio.rows) {
    add(row.environment, alignMonths(row.months, portfolio.months));
  }
  for (const total of portfolio.withheld ?? []) {
    add(total.environment, alignMonths(total.months, portfolio.months));
  }
  const withForecast = summaries.filter(s => s.forecast);
  const remainder = withForecast.reduce(
    (sum, s) => sum + Math.max(0, s.forecast!.monthEnd - s.monthToDate),
    0,
  );
  return (
    <Suspense
      fallback={
        <Skeleton
          variant="rectangular"
          height={260}
          aria-label="Loading the chart"
        />
      }
    >
      <MonthlyCostChart
        title="Cost per month by environment"
        currency={portfolio.currency}
        months={portfolio.months}
        estimated={estimatedMonths(portfolio.rows, portfolio.months)}
        // Prod at the bottom of each bar, where it is easiest to compare.
        series={series}
        forecastRemainder={withForecast.length > 0 ? remainder : undefined}
      />
    </Suspense>
  );
}

function PortfolioView(props: {
  portfolio: Portfolio;
  view: CostsView;
  update(next: Partial<CostsView>): void;
}) {
  const { portfolio, view, update } = props;
  const { currency } = portfolio;
  const summaries = useMemo(
    () => summarizeEnvironments(portfolio, portfolio.rows, portfolio.withheld),
    [portfolio],
  );
  const options = useMemo(
    () => ({
      environments: summaries.map(s => s.environment),
      teams: [
        ...new Set(portfolio.rows.flatMap(r => (r.owner ? [r.owner] : []))),
      ].sort(),
    }),
    [portfolio, summaries],
  );
  const rows = useMemo(
    () => filterRows(portfolio.rows, view),
    [portfolio, view],
  );
  const withheld = useMemo(
    () => filterWithheld(portfolio, view),
    [portfolio, view],
  );
  const groups = useMemo(
    () =>
      groupCosts(rows, withheld, portfolio.months, view.groupBy, {
        unattributed: !view.team,
      }),
    [rows, withheld, portfolio.months, view.groupBy, view.team],
  );
  const movers = useMemo(() => topMovers(rows), [rows]);
  const anomalies = useMemo(
    () => filterAnomalies(portfolio, view),
    [portfolio, view],
  );
  const scope = [
    view.environment,
    view.team ? `team ${humanizeRef(view.team, 'group')}` : '',
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <>
      <SummaryFigures
        summaries={summaries}
        currency={currency}
        apiSpend={portfolio.apiSpend}
      />
      <Section
        title="By environment"
        description="This month so far, last month and Cost Explorer's forecast. Unattributed cost is what carries no shipyard:component tag."
      >
        <EnvironmentTable summaries={summaries} currency={currency} />
        <Trend portfolio={portfolio} summaries={summaries} />
      </Section>
      <Section
        title="Breakdown"
        description={`Month to date against the same days of last month, and each full month${
          scope ? `; ${scope}` : ''
        }.`}
        action={
          <Button
            variant="outlined"
            startIcon={<DownloadIcon />}
            disabled={rows.length === 0 && withheld.length === 0}
            onClick={() =>
              downloadCsv(
                `costs-${view.months}-months-${new Date()
                  .toISOString()
                  .slice(0, 10)}.csv`,
                costsCsv(portfolio, rows, withheld),
              )
            }
          >
            Export CSV
          </Button>
        }
      >
        <CostsFilters
          value={view}
          environments={options.environments}
          teams={options.teams}
          onChange={next => update(next)}
        />
        <BreakdownTable
          groups={groups}
          groupBy={view.groupBy}
          months={portfolio.months}
          estimated={estimatedMonths(portfolio.rows, portfolio.months)}
          currency={currency}
        />
      </Section>
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          // Stacked: side by side, the movers' five columns wrapped names
          // letter by letter at 1440 px.
          gridTemplateColumns: '1fr',
          alignItems: 'start',
        }}
      >
        <Section
          title="Top movers"
          description="Month to date against the same days of last month, up or down."
        >
          <MoversTable movers={movers} currency={currency} />
        </Section>
        <Section
          title="Anomalies"
          description="Spend Cost Explorer found above what it expected."
        >
          <AnomalyTable anomalies={anomalies} currency={currency} />
        </Section>
      </Box>
    </>
  );
}

/**
 * The manager's Costs page: the portfolio's AWS costs by environment, team,
 * system and service from one portfolio request per range; filtered and
 * grouped in the browser, the view kept in the URL.
 */
export function CostsPage() {
  const api = useApi(costsApiRef);
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const update = (next: Partial<CostsView>) =>
    setParams(writeView({ ...view, ...next }), { replace: true });

  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getCostPortfolio({ query: { months: view.months } }),
    [api, view.months],
  );

  let content;
  if (error) {
    content = (
      <ResponseErrorPanel
        title="Could not load the portfolio's costs"
        error={error}
      />
    );
  } else if (loading && !value) {
    content = <Progress aria-label="Loading costs" />;
  } else if (
    !value ||
    (value.rows.length === 0 && (value.withheld ?? []).length === 0)
  ) {
    content = (
      <EmptyState
        missing="data"
        title="No costs yet"
        description="The costs collector reads Cost Explorer a few times a day (each request costs $0.01): costs appear here once it has stored the first days."
        action={
          <Button variant="outlined" onClick={retry}>
            Check again
          </Button>
        }
      />
    );
  } else {
    content = <PortfolioView portfolio={value} view={view} update={update} />;
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
              AWS costs
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Unblended cost per environment, team, system and service
              {value ? ` in ${value.currency}` : ''}, over the last{' '}
              {view.months} months; days are UTC.
            </Typography>
          </Box>
          <MonthsSelector
            value={view.months}
            onChange={months => update({ months })}
          />
        </Box>
        {value && <FreshnessNotice freshness={value.freshness} />}
        {content}
      </Box>
    </Content>
  );
}
