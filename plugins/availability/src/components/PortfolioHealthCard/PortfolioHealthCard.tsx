import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { PortfolioRow, Tier } from '@internal/plugin-availability-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { serverMessage } from '@internal/shipyard-react';
import { availabilityApiRef } from '../../api/availabilityApiRef';
import { countStates, SLO_STATES, sloStateLabel } from '../../format/sloStates';
import { rootRouteRef } from '../../routes';
import { AtRiskList, breachingOrAtRisk } from '../AtRiskList';
import { FreshnessNotice } from '../FreshnessNotice';
import { StateCounts } from '../StateCounts';

const TIERS: Tier[] = ['prod', 'staging', 'dev'];
/** How many services the card names; the Availability page has the rest. */
const LISTED = 8;

function TierTable(props: { rows: PortfolioRow[] }) {
  const tiers = TIERS.filter(tier => props.rows.some(r => r.tier === tier));
  return (
    <Table size="small" aria-label="Services by tier and state">
      <TableHead>
        <TableRow>
          <TableCell>Tier</TableCell>
          {SLO_STATES.map(state => (
            <TableCell key={state} align="right">
              {sloStateLabel[state]}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {tiers.map(tier => {
          const counts = countStates(props.rows.filter(r => r.tier === tier));
          return (
            <TableRow key={tier}>
              <TableCell component="th" scope="row">
                {tier}
              </TableCell>
              {SLO_STATES.map(state => (
                <TableCell
                  key={state}
                  align="right"
                  sx={{ fontVariantNumeric: 'tabular-nums' }}
                >
                  {counts[state]}
                </TableCell>
              ))}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

/**
 * The portfolio's availability at a glance, for the home page: how many prod
 * services are in each state, the same per tier, and the services breaching
 * or at risk now, linking to the Availability page.
 */
export function PortfolioHealthCard() {
  const api = useApi(availabilityApiRef);
  const pageLink = useRouteRef(rootRouteRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getPortfolio({ query: { period: '30d' } }),
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
        Could not load availability: {serverMessage(error)}
      </Alert>
    );
  } else if (loading && !value) {
    content = <LinearProgress aria-label="Loading availability" />;
  } else if (!value || value.rows.length === 0) {
    content = (
      <Typography variant="body2" color="text.secondary">
        No service measured yet: the availability collector runs every 5
        minutes.
      </Typography>
    );
  } else {
    const prod = value.rows.filter(r => r.tier === 'prod');
    const atRisk = breachingOrAtRisk(value.rows);
    content = (
      <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
        <Box>
          <Typography variant="subtitle1" component="h3" sx={{ mb: 1 }}>
            Production, last 30 days
          </Typography>
          {prod.length > 0 ? (
            <StateCounts
              counts={countStates(prod)}
              label="Production services by state"
            />
          ) : (
            <Typography variant="body2" color="text.secondary">
              No production service measured yet.
            </Typography>
          )}
        </Box>
        <Box>
          <Typography variant="subtitle1" component="h3">
            By tier
          </Typography>
          <TierTable rows={value.rows} />
        </Box>
        <Box>
          <Typography variant="subtitle1" component="h3">
            Breaching or at risk now
          </Typography>
          {atRisk.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              No service is breaching its target or at risk.
            </Typography>
          ) : (
            <>
              <AtRiskList
                rows={atRisk.slice(0, LISTED)}
                label="Services breaching or at risk"
                showEnvironment
              />
              {atRisk.length > LISTED && (
                <Typography
                  variant="body2"
                  color="text.secondary"
                  sx={{ mt: 1 }}
                >
                  and {atRisk.length - LISTED} more
                </Typography>
              )}
            </>
          )}
        </Box>
        <FreshnessNotice freshness={value.freshness} />
      </Box>
    );
  }

  return (
    <Card variant="outlined" component="section" aria-label="Availability">
      <CardContent>
        <Box
          sx={{
            display: 'flex',
            alignItems: 'baseline',
            justifyContent: 'space-between',
            gap: 2,
            mb: 2,
          }}
        >
          <Typography variant="h6" component="h3">
            Availability against targets
          </Typography>
          {pageLink && (
            <Button size="small" component={RouterLink} to={pageLink()}>
              Open the Availability page
            </Button>
          )}
        </Box>
        {content}
      </CardContent>
    </Card>
  );
}
