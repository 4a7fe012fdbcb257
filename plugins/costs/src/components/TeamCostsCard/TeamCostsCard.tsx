import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { humanizeRef, serverMessage } from '@internal/shipyard-react';
import { costsApiRef } from '../../api/costsApiRef';
import { formatCost } from '../../format/formatCost';
import { rootRouteRef } from '../../routes';
import { CostChange } from '../CostChange';
import { CostList } from '../CostList';
import { Figure } from '../Figure';
import { FreshnessNotice } from '../FreshnessNotice';

/** How many services the card names; the Costs page has the rest. */
const LISTED = 5;

function isGroupRef(ref: string): boolean {
  try {
    return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
  } catch {
    return false;
  }
}

/**
 * The viewer's team's AWS costs, for the home page: its services' month to
 * date against the same days of last month, the most expensive of them, and
 * a link to the Costs page for the team.
 */
export function TeamCostsCard() {
  const identityApi = useApi(identityApiRef);
  const api = useApi(costsApiRef);
  const pageLink = useRouteRef(rootRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    const teams = ownershipEntityRefs.filter(isGroupRef);
    if (teams.length === 0) {
      return { teams };
    }
    // One month is enough: every row carries its month to date and last month.
    const portfolio = await api.getCostPortfolio({ query: { months: 1 } });
    return { teams, portfolio };
  }, [identityApi, api]);

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
        Could not load your team's costs: {serverMessage(error)}
      </Alert>
    );
  } else if (loading && !value) {
    content = <LinearProgress aria-label="Loading costs" />;
  } else if (!value?.portfolio) {
    content = (
      <Typography variant="body2" color="text.secondary">
        You are not a member of a team in the catalog.
      </Typography>
    );
  } else {
    const { portfolio, teams } = value;
    const { currency } = portfolio;
    const rows = portfolio.rows.filter(r => r.owner && teams.includes(r.owner));
    if (rows.length === 0) {
      content = (
        <Typography variant="body2" color="text.secondary">
          No costs for your team's services yet: costs are attributed through
          the shipyard:component tag, and the costs collector reads Cost
          Explorer a few times a day.
        </Typography>
      );
    } else {
      const monthToDate = rows.reduce((sum, r) => sum + r.monthToDate, 0);
      const previousMonth = rows.reduce((sum, r) => sum + r.previousMonth, 0);
      const previousMonthToDate = rows.every(
        r => r.previousMonthToDate !== undefined,
      )
        ? rows.reduce((sum, r) => sum + r.previousMonthToDate!, 0)
        : undefined;
      const top = [...rows]
        .sort((a, b) => b.monthToDate - a.monthToDate)
        .slice(0, LISTED);
      content = (
        <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
          <Box
            sx={{
              display: 'grid',
              gap: 2,
              gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
            }}
          >
            <Figure
              label="Month to date"
              value={formatCost(monthToDate, currency)}
              note={
                <CostChange
                  current={monthToDate}
                  previous={previousMonthToDate}
                  currency={currency}
                />
              }
            />
            <Figure
              label="Last month"
              value={formatCost(previousMonth, currency)}
              note={`${rows.length} service ${
                rows.length === 1 ? 'environment' : 'environments'
              }`}
            />
          </Box>
          <CostList
            rows={top}
            currency={currency}
            label="Your team's most expensive services"
            showEnvironment
          />
          <FreshnessNotice freshness={portfolio.freshness} />
        </Box>
      );
    }
  }

  const team = value?.teams[0];
  return (
    <Card variant="outlined" component="section" aria-label="Team costs">
      <CardContent>
        <Box
          sx={{
            display: 'flex',
            alignItems: 'baseline',
            justifyContent: 'space-between',
            flexWrap: 'wrap',
            gap: 2,
            mb: 2,
          }}
        >
          <Box>
            <Typography variant="h6" component="h3">
              Your team's AWS costs
            </Typography>
            {value && value.teams.length > 0 && (
              <Typography variant="body2" color="text.secondary">
                {value.teams.map(t => humanizeRef(t, 'group')).join(', ')}, this
                month against the same days of last month
              </Typography>
            )}
          </Box>
          {pageLink && (
            <Button
              size="small"
              component={RouterLink}
              to={
                team
                  ? `${pageLink()}?team=${encodeURIComponent(team)}`
                  : pageLink()
              }
            >
              Open the Costs page
            </Button>
          )}
        </Box>
        {content}
      </CardContent>
    </Card>
  );
}
