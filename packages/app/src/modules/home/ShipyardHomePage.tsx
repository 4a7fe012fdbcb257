import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutProps,
  HomePageWidgetData,
} from '@backstage/plugin-home-react/alpha';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { HomeSection } from './HomeSection';
import { MyTeamSection } from './MyTeamSection';
import { PortfolioHealthSection } from './PortfolioHealthSection';
import { RecentOperationsSection } from './RecentOperationsSection';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * The search plugin's widget, by the name that home page configuration uses
 * for it. It goes under the greeting rather than among the shortcut cards.
 */
const SEARCH_BAR_WIDGET = 'HomePageSearchBar';

const Greeting = ({ searchBar }: { searchBar?: HomePageWidgetData }) => {
  const identityApi = useApi(identityApiRef);
  const { value: profile } = useAsyncRetry(
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
      {searchBar && (
        <Box sx={{ mt: 3, maxWidth: 720 }}>{searchBar.component}</Box>
      )}
    </Box>
  );
};

/**
 * Shipyard's home page, installed as the home plugin's layout. It serves the
 * three audiences in turn: developers (My team), managers (Portfolio health)
 * and SREs (Recent operations). Widgets that plugins add to the home page are
 * shown below them, so new cards need no change here.
 */
export const ShipyardHomePage = ({ widgets }: HomePageLayoutProps) => {
  const searchBar = widgets.find(widget => widget.name === SEARCH_BAR_WIDGET);
  const shortcuts = widgets.filter(widget => widget !== searchBar);
  return (
    <Box sx={{ p: { xs: 2, md: 4 }, maxWidth: 1440 }}>
      <Greeting searchBar={searchBar} />
      <MyTeamSection />
      <PortfolioHealthSection />
      <RecentOperationsSection />
      {shortcuts.length > 0 && (
        <HomeSection title="Shortcuts">
          <Grid container spacing={2}>
            {shortcuts.map((widget, index) => (
              <Grid item xs={12} md={6} key={widget.name ?? index}>
                {widget.component}
              </Grid>
            ))}
          </Grid>
        </HomeSection>
      )}
    </Box>
  );
};
