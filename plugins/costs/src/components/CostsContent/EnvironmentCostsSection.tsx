import { lazy, ReactNode, Suspense } from 'react';
import { Anomaly, EnvironmentCosts } from '@internal/plugin-costs-common';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import { formatCost, formatShare } from '../../format/formatCost';
import { AnomalyTable } from '../AnomalyTable';
import { Figure } from '../Figure';

const DailyCostChart = lazy(() => import('../charts/DailyCostChart'));
const MonthlyCostChart = lazy(() => import('../charts/MonthlyCostChart'));

function Subheading(props: { children: ReactNode }) {
  return (
    <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
      {props.children}
    </Typography>
  );
}

/** One environment of a service's Costs tab: figures, daily and monthly charts, anomalies. */
export function EnvironmentCostsSection(props: {
  costs: EnvironmentCosts;
  currency: string;
  anomalies: Anomaly[];
  ownerLabel?: string;
}) {
  const { costs, currency } = props;
  const months = costs.months.map(m => m.month);
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={`${costs.environment} costs`}
      sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 3 }}
    >
      <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1.5 }}>
        <Typography variant="h6" component="h2">
          {costs.environment}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {costs.tier} tier
        </Typography>
      </Box>

      <Box
        sx={{
          display: 'grid',
          gap: 3,
          gridTemplateColumns: {
            xs: '1fr',
            sm: 'repeat(2, minmax(0, 1fr))',
            lg: 'repeat(4, minmax(0, 1fr))',
          },
        }}
      >
        <Figure
          label="Month to date"
          value={formatCost(costs.monthToDate, currency)}
        />
        <Figure
          label="Last month"
          value={formatCost(costs.previousMonth, currency)}
        />
        <Figure
          label="Forecast to month end"
          value={
            costs.forecast ? formatCost(costs.forecast.monthEnd, currency) : '—'
          }
          note={
            costs.forecast
              ? `${formatCost(costs.forecast.low, currency)} to ${formatCost(
                  costs.forecast.high,
                  currency,
                )}`
              : 'No forecast for this environment yet'
          }
        />
        <Figure
          label="Share of the team's cost"
          value={formatShare(costs.teamShare)}
          note={`Of ${props.ownerLabel ?? 'its team'}'s services in ${
            costs.environment
          } this month`}
        />
      </Box>

      <Suspense
        fallback={
          <Skeleton
            variant="rectangular"
            height={260}
            aria-label="Loading the charts"
          />
        }
      >
        <Box
          sx={{
            display: 'grid',
            gap: 3,
            gridTemplateColumns: {
              xs: '1fr',
              lg: 'minmax(0, 2fr) minmax(0, 1fr)',
            },
          }}
        >
          <DailyCostChart
            days={costs.days}
            currency={currency}
            environment={costs.environment}
          />
          <MonthlyCostChart
            title="Cost per month"
            currency={currency}
            months={months}
            estimated={costs.months.map(m => m.estimated)}
            series={[
              {
                name: costs.environment,
                amounts: costs.months.map(m => m.amount),
              },
            ]}
            forecastRemainder={
              costs.forecast
                ? Math.max(0, costs.forecast.monthEnd - costs.monthToDate)
                : undefined
            }
          />
        </Box>
      </Suspense>

      <Box>
        <Subheading>Anomalies</Subheading>
        <AnomalyTable
          anomalies={props.anomalies}
          currency={currency}
          hideService
          emptyText={`No cost anomaly in ${costs.environment} in this range.`}
        />
      </Box>
    </Paper>
  );
}
