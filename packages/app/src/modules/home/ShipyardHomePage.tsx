import { Fragment } from 'react';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import { HomePageLayoutProps } from '@backstage/plugin-home-react/alpha';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { HomeSection } from './HomeSection';
import { MyTeamSection } from './MyTeamSection';
import { PortfolioHealthSection } from './PortfolioHealthSection';
import { RecentOperationsSection } from './RecentOperationsSection';
import { useAsyncData } from './useAsyncData';

const Greeting = () => {
  const identityApi = useApi(identityApiRef);
  const { value: profile } = useAsyncData(
    () => identityApi.getProfileInfo(),
    [identityApi],
  );
  const firstName = profile?.displayName?.split(/\s+/)[0];
  return (
    <Box component="header" sx={{ mb: 4 }}>
      <Typography variant="h4" component="h1" sx={{ fontWeight: 700 }}>
        {firstName ? `Welcome back, ${firstName}` : 'Welcome to Shipyard'}
      </Typography>
      <Typography variant="body1" color="text.secondary">
        Your team's services, the health of the portfolio and the latest
        operations, in one place.
      </Typography>
    </Box>
  );
};

/**
 * Shipyard's home page, installed as the home plugin's layout. It serves the
 * three audiences in turn: developers (My team), managers (Portfolio health)
 * and SREs (Recent operations). Widgets that plugins add to the home page are
 * shown below them, so new cards need no change here.
 */
export const ShipyardHomePage = ({ widgets }: HomePageLayoutProps) => (
  <Box sx={{ p: { xs: 2, md: 4 }, maxWidth: 1440 }}>
    <Greeting />
    <MyTeamSection />
    <PortfolioHealthSection />
    <RecentOperationsSection />
    {widgets.length > 0 && (
      <HomeSection title="Shortcuts">
        <Grid container spacing={2}>
          {widgets.map((widget, index) => (
            <Grid item xs={12} md={6} key={widget.name ?? index}>
              <Fragment>{widget.component}</Fragment>
            </Grid>
          ))}
        </Grid>
      </HomeSection>
    )}
  </Box>
);
