import { useRouteRef } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import deploymentsPlugin, {
  RecentOperationsList,
} from '@internal/plugin-deployments';
import HistoryIcon from '@material-ui/icons/History';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { HomeSection } from './HomeSection';

/** How many operations the home page lists; the deployments page has the rest. */
const RECENT_OPERATIONS_LIMIT = 8;

const NoOperations = () => {
  const catalogLink = useRouteRef(catalogPlugin.routes.catalogIndex);
  return (
    <Box
      sx={{
        display: 'flex',
        alignItems: { xs: 'flex-start', sm: 'center' },
        flexDirection: { xs: 'column', sm: 'row' },
        gap: 2,
      }}
    >
      <Box
        sx={{
          color: 'text.secondary',
          display: 'flex',
          '& svg': { fontSize: 40 },
        }}
      >
        <HistoryIcon />
      </Box>
      <Box sx={{ flexGrow: 1 }}>
        <Typography variant="subtitle1" component="p" sx={{ fontWeight: 600 }}>
          No deployments or rollbacks recorded yet
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Deployments are listed here once the deployments collector has seen
          them in AWS, and rollbacks as soon as someone starts one from a
          service’s Deployments tab. Open a service in the catalog to see what
          runs where.
        </Typography>
      </Box>
      {catalogLink && (
        <Button
          variant="outlined"
          component={RouterLink}
          to={catalogLink()}
          sx={{ flexShrink: 0 }}
        >
          Browse the catalog
        </Button>
      )}
    </Box>
  );
};

/** For SREs: the latest deployments and rollbacks across the portfolio. */
export const RecentOperationsSection = () => {
  const deploymentsLink = useRouteRef(deploymentsPlugin.routes.root);
  return (
    <HomeSection
      title="Recent operations"
      description="Deployments and rollbacks across dev, staging and prod, newest first."
      action={
        deploymentsLink && (
          <Button
            variant="text"
            component={RouterLink}
            to={deploymentsLink()}
            sx={{ flexShrink: 0 }}
          >
            All operations
          </Button>
        )
      }
    >
      <Card variant="outlined">
        <CardContent>
          <RecentOperationsList
            limit={RECENT_OPERATIONS_LIMIT}
            emptyState={<NoOperations />}
          />
        </CardContent>
      </Card>
    </HomeSection>
  );
};
