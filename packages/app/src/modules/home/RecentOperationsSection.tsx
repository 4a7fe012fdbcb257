import { useRouteRef } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import HistoryIcon from '@material-ui/icons/History';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { HomeSection } from './HomeSection';

/**
 * For SREs: the latest deployments and rollbacks. Nothing records them yet,
 * so this says what will appear and where to go meanwhile.
 */
export const RecentOperationsSection = () => {
  const catalogLink = useRouteRef(catalogPlugin.routes.catalogIndex);
  return (
    <HomeSection
      title="Recent operations"
      description="Deployments and rollbacks across dev, staging and prod, newest first."
    >
      <Card variant="outlined">
        <CardContent
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
            <Typography
              variant="subtitle1"
              component="p"
              sx={{ fontWeight: 600 }}
            >
              No deployments or rollbacks recorded yet
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Each deployment and rollback will be listed here with its service,
              environment, version, who started it and why. Until then, open a
              service in the catalog to see where it runs.
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
        </CardContent>
      </Card>
    </HomeSection>
  );
};
