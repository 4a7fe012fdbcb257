import { lazy, ReactNode, Suspense } from 'react';
import {
  EnvironmentAvailability,
  Objective,
  Period,
  PeriodRange,
} from '@internal/plugin-availability-common';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import Typography from '@mui/material/Typography';
import {
  formatAvailability,
  formatTarget,
} from '../../format/formatAvailability';
import { describeBudget, formatBudgetPercent } from '../../format/formatBudget';
import { periodLabel } from '../../format/periods';
import { SloStateChip } from '../SloStateChip';
import { BurnRates } from './BurnRates';
import { IncidentTable } from './IncidentTable';
import { PeriodsTable } from './PeriodsTable';

const AvailabilityCharts = lazy(() => import('./AvailabilityCharts'));

const sliName = {
  requests: 'Requests: good = load balancer requests − target 5xx',
  health:
    'Health: a minute is good when at least one task or pod runs while some are desired',
} as const;

function objectiveSource(objective: Objective, tier: string): string {
  return objective.source === 'annotation'
    ? "set by this component's shipyard.io/availability-target annotation"
    : `the ${tier} tier's target from configuration`;
}

function Figure(props: { label: string; value: ReactNode; note?: ReactNode }) {
  return (
    <Box role="group" aria-label={props.label}>
      <Typography variant="overline" color="text.secondary" component="div">
        {props.label}
      </Typography>
      <Typography
        variant="h5"
        component="div"
        sx={{ fontWeight: 700, fontVariantNumeric: 'tabular-nums' }}
      >
        {props.value}
      </Typography>
      {props.note && (
        <Typography variant="body2" color="text.secondary">
          {props.note}
        </Typography>
      )}
    </Box>
  );
}

function Subheading(props: { children: ReactNode }) {
  return (
    <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
      {props.children}
    </Typography>
  );
}

/** One environment of the Availability tab: figures, charts, burn rates and incidents. */
export function EnvironmentSection(props: {
  availability: EnvironmentAvailability;
  period: Period;
  range: PeriodRange;
}) {
  const { availability: env, period } = props;
  const target = env.objective?.target;
  const figures =
    env.periods.find(p => p.range.period === period) ?? env.periods[0];
  const younger =
    env.since !== undefined &&
    Date.parse(env.since) > Date.parse(props.range.start);

  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={`${env.environment} availability`}
      sx={{ p: 2, display: 'flex', flexDirection: 'column', gap: 3 }}
    >
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 1.5,
          flexWrap: 'wrap',
        }}
      >
        <Typography variant="h6" component="h2">
          {env.environment}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {env.tier} tier
        </Typography>
        <SloStateChip state={env.state} />
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
          label={`Availability, ${periodLabel[period].toLocaleLowerCase(
            'en-US',
          )}`}
          value={formatAvailability(figures?.availability, target)}
          note={
            younger && env.since
              ? `Measured since ${new Date(env.since).toLocaleDateString()}`
              : undefined
          }
        />
        <Figure
          label="Target"
          value={formatTarget(target)}
          note={
            env.objective
              ? `${
                  env.objective.window ? `Over ${env.objective.window}, ` : ''
                }${objectiveSource(env.objective, env.tier)}`
              : `No objective for the ${env.tier} tier`
          }
        />
        <Figure
          label="Error budget left"
          value={formatBudgetPercent(figures?.budget?.remainingPercent)}
          note={figures?.budget ? describeBudget(figures.budget) : undefined}
        />
        <Figure
          label="SLI"
          value={env.sli.kind === 'requests' ? 'Requests' : 'Health'}
          note={
            <>
              {sliName[env.sli.kind]}. {env.sli.description}.
            </>
          }
        />
      </Box>

      <Suspense
        fallback={
          <Skeleton
            variant="rectangular"
            height={240}
            aria-label="Loading the charts"
          />
        }
      >
        <AvailabilityCharts
          environment={env.environment}
          chart={env.chart}
          period={period}
          target={target}
        />
      </Suspense>

      <Box
        sx={{
          display: 'grid',
          gap: 3,
          gridTemplateColumns: {
            xs: '1fr',
            lg: 'minmax(0, 2fr) minmax(0, 1fr)',
          },
          alignItems: 'start',
        }}
      >
        <Box>
          <Subheading>Burn rates now</Subheading>
          {target === undefined ? (
            <Typography variant="body2" color="text.secondary">
              Without a target there is no budget to burn.
            </Typography>
          ) : (
            <BurnRates rates={env.burnRates} alert={env.alert} />
          )}
        </Box>
        <Box>
          <Subheading>Every period</Subheading>
          <PeriodsTable periods={env.periods} target={target} />
        </Box>
      </Box>

      <Box>
        <Subheading>Incidents</Subheading>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
          Periods below target that overlap the selected period, newest first.
        </Typography>
        <IncidentTable
          incidents={env.incidents}
          sliKind={env.sli.kind}
          target={target}
        />
      </Box>
    </Paper>
  );
}
