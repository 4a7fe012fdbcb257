import { lazy, ReactNode, Suspense, useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  Content,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Overview } from '@internal/plugin-security-common';
import LockIcon from '@material-ui/icons/Lock';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Skeleton from '@mui/material/Skeleton';
import ToggleButton from '@mui/material/ToggleButton';
import ToggleButtonGroup from '@mui/material/ToggleButtonGroup';
import Typography from '@mui/material/Typography';
import { prodFirst } from '@internal/shipyard-react';
import { securityApiRef } from '../../api/securityApiRef';
import { sumTrends } from '../../format/sumTrends';
import { FreshnessNotice } from '../FreshnessNotice';
import { EnvironmentPanel } from './EnvironmentPanel';
import { FilterChoices } from './FindingsFilters';
import { FindingsSection } from './FindingsSection';
import {
  FILTER_KEYS,
  readView,
  SecurityView,
  TrendDays,
  writeView,
} from './findingsView';
import { ServiceCountsTable } from './ServiceCountsTable';

const SecurityTrendChart = lazy(() => import('../charts/SecurityTrendChart'));

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

function choicesOf(overview: Overview | undefined): FilterChoices {
  const environments = prodFirst(overview?.environments ?? []);
  const services = new Map<
    string,
    { entityRef: string; title: string; owner?: string }
  >();
  for (const s of overview?.services ?? []) {
    services.set(s.entityRef, {
      entityRef: s.entityRef,
      title: s.title ?? s.entityRef.replace(/^[^/]*\//, ''),
      owner: s.owner,
    });
  }
  const types = new Map<string, number>();
  for (const env of environments) {
    for (const t of env.topTypes) {
      types.set(t.type, (types.get(t.type) ?? 0) + t.count);
    }
  }
  return {
    environments: environments.map(e => e.environment),
    teams: [
      ...new Set(
        [...services.values()].flatMap(s => (s.owner ? [s.owner] : [])),
      ),
    ].sort(),
    services: [...services.values()].sort((a, b) =>
      a.title.localeCompare(b.title),
    ),
    types: [...types].sort((a, b) => b[1] - a[1]).map(([type]) => type),
    // A developer's list holds their services' findings only.
    platform: overview?.details !== 'own',
  };
}

function CountsOnly(props: { overview: Overview; environment?: string }) {
  return (
    <>
      <Box sx={{ display: 'flex', gap: 2, alignItems: 'flex-start' }}>
        <LockIcon color="action" aria-hidden />
        <Box>
          <Typography
            variant="subtitle1"
            component="p"
            sx={{ fontWeight: 600 }}
          >
            Finding details are visible to owners, SREs and the security team
          </Typography>
          <Typography variant="body2" color="text.secondary">
            You see the counts only: per environment above, and per service
            below{props.environment ? ` in ${props.environment}` : ''}.
          </Typography>
        </Box>
      </Box>
      <ServiceCountsTable
        services={props.overview.services}
        environment={props.environment}
      />
    </>
  );
}

function Trend(props: {
  overview: Overview;
  view: SecurityView;
  update(next: Partial<SecurityView>): void;
}) {
  const { overview, view } = props;
  const trend = useMemo(
    () =>
      sumTrends(
        overview.environments
          .filter(e => !view.environment || e.environment === view.environment)
          .map(e => e.trend),
      ),
    [overview, view.environment],
  );
  const where = view.environment
    ? `in ${view.environment}`
    : 'in every environment';
  return (
    <Section
      title="Trend"
      description={`Active findings at the end of each day (UTC) ${where}, by severity.`}
      action={
        <ToggleButtonGroup
          exclusive
          size="small"
          aria-label="Trend length"
          value={view.days}
          onChange={(_, days: TrendDays | null) =>
            days && props.update({ days })
          }
        >
          <ToggleButton value={30}>30 days</ToggleButton>
          <ToggleButton value={90}>90 days</ToggleButton>
        </ToggleButtonGroup>
      }
    >
      <Suspense
        fallback={
          <Skeleton
            variant="rectangular"
            height={240}
            aria-label="Loading the chart"
          />
        }
      >
        <SecurityTrendChart
          title={`Active findings, last ${view.days} days`}
          trend={trend}
        />
      </Suspense>
    </Section>
  );
}

/**
 * The Security page: GuardDuty's findings per environment (counts by band,
 * GuardDuty's state in each account and region, top types), their trend, and
 * the findings the caller may read, filtered and paged by the server. The
 * view lives in the URL, so that a filtered list can be shared.
 */
export function SecurityPage() {
  const api = useApi(securityApiRef);
  const [params, setParams] = useSearchParams();
  const view = useMemo(() => readView(params), [params]);
  const update = useCallback(
    (next: Partial<SecurityView>) =>
      setParams(
        current => {
          const filtered = FILTER_KEYS.some(key => key in next);
          return writeView({
            ...readView(current),
            // A new filter starts again at the list's first page.
            ...(filtered ? { page: 0 } : {}),
            ...next,
          });
        },
        { replace: true },
      ),
    [setParams],
  );

  const { value, loading, error } = useAsyncRetry(
    () => api.getSecurityOverview({ query: { days: view.days } }),
    [api, view.days],
  );
  const choices = useMemo(() => choicesOf(value), [value]);
  const environments = useMemo(
    () => prodFirst(value?.environments ?? []),
    [value],
  );

  let overview;
  if (error) {
    overview = (
      <ResponseErrorPanel
        title="Could not load GuardDuty's findings"
        error={error}
      />
    );
  } else if (loading && !value) {
    overview = <Progress aria-label="Loading the security overview" />;
  } else if (value) {
    overview = (
      <>
        {value.scope === 'own' && (
          <Alert severity="info" variant="outlined">
            These counts cover your team's services only.
          </Alert>
        )}
        {environments.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            No environment is configured (shipyard.environments).
          </Typography>
        ) : (
          <Box
            sx={{
              display: 'grid',
              gap: 2,
              gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))',
              alignItems: 'start',
            }}
          >
            {environments.map(env => (
              <EnvironmentPanel
                key={env.environment}
                environment={env}
                scope={value.scope}
                onSelectType={
                  value.details === 'none'
                    ? undefined
                    : type =>
                        update({
                          environment: env.environment,
                          type,
                        })
                }
              />
            ))}
          </Box>
        )}
        <Trend overview={value} view={view} update={update} />
      </>
    );
  }

  // A caller who may read no finding gets counts only; the list would answer 403.
  const details = error ? 'all' : value?.details;
  return (
    <Content>
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
        <Box>
          <Typography variant="h5" component="h2">
            GuardDuty findings
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Active threats GuardDuty found in each environment's AWS accounts
            and regions, per service; critical and high first.
          </Typography>
        </Box>
        {value && <FreshnessNotice freshness={value.freshness} />}
        {overview}
        {details && (
          <Section title="Findings">
            {details === 'none' ? (
              <CountsOnly overview={value!} environment={view.environment} />
            ) : (
              <FindingsSection
                view={view}
                update={update}
                details={details}
                choices={choices}
              />
            )}
          </Section>
        )}
      </Box>
    </Content>
  );
}
