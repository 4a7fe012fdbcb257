import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  catalogApiRef,
  EntityRefLink,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { PortfolioHealthCard } from '@internal/plugin-availability';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { HomeSection } from './HomeSection';
import { SectionError } from './SectionError';
import { SectionLoading } from './SectionLoading';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

interface SystemSummary {
  system: Entity;
  componentCount: number;
}

const SystemCard = ({ system, componentCount }: SystemSummary) => {
  const entityLink = useEntityRefLink();
  const owner = system.spec?.owner as string | undefined;
  const title = system.metadata.title ?? system.metadata.name;
  return (
    <Card
      variant="outlined"
      component="article"
      aria-label={title}
      sx={{ height: '100%', display: 'flex', flexDirection: 'column' }}
    >
      <CardContent sx={{ flexGrow: 1 }}>
        <Typography variant="h6" component="h3">
          {title}
        </Typography>
        {owner && (
          <Typography variant="body2" color="text.secondary" component="div">
            Owned by{' '}
            <EntityRefLink
              entityRef={parseEntityRef(owner, {
                defaultKind: 'group',
                defaultNamespace: system.metadata.namespace,
              })}
              hideIcon
              disableTooltip
            />
          </Typography>
        )}
        <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 1, my: 2 }}>
          <Typography variant="h3" component="span" sx={{ fontWeight: 700 }}>
            {componentCount}
          </Typography>
          <Typography variant="body2" color="text.secondary" component="span">
            {componentCount === 1 ? 'component' : 'components'}
          </Typography>
        </Box>
        {system.metadata.description && (
          <Typography
            variant="body2"
            color="text.secondary"
            sx={{
              display: '-webkit-box',
              WebkitLineClamp: 2,
              WebkitBoxOrient: 'vertical',
              overflow: 'hidden',
            }}
          >
            {system.metadata.description}
          </Typography>
        )}
      </CardContent>
      <CardActions sx={{ px: 2, pb: 2 }}>
        <Button
          size="small"
          component={RouterLink}
          to={entityLink(system)}
          aria-label={`Open ${title} in the catalog`}
        >
          Open in catalog
        </Button>
      </CardActions>
    </Card>
  );
};

/**
 * For managers: availability against targets across the portfolio (from the
 * availability plugin), then every system with its size.
 */
export const PortfolioHealthSection = () => {
  const catalogApi = useApi(catalogApiRef);

  const { loading, error, value, retry } = useAsyncRetry(async () => {
    const [systems, facets] = await Promise.all([
      catalogApi.getEntities({
        filter: { kind: 'system' },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
          'metadata.description',
          'spec.owner',
        ],
        order: { field: 'metadata.name', order: 'asc' },
      }),
      // One facet query counts every system's components without loading them.
      catalogApi.getEntityFacets({
        filter: { kind: 'component' },
        facets: ['relations.partOf'],
      }),
    ]);
    const counts = new Map(
      facets.facets['relations.partOf'].map(({ value: ref, count }) => [
        ref.toLocaleLowerCase('en-US'),
        count,
      ]),
    );
    return systems.items.map(system => ({
      system,
      componentCount:
        counts.get(stringifyEntityRef(system).toLocaleLowerCase('en-US')) ?? 0,
    }));
  }, [catalogApi]);

  let content;
  if (loading) {
    content = <SectionLoading label="Loading systems…" />;
  } else if (error) {
    content = (
      <SectionError
        title="Could not load the systems"
        error={error}
        onRetry={retry}
      />
    );
  } else if (!value || value.length === 0) {
    content = (
      <Card variant="outlined">
        <CardContent>
          <Typography
            variant="subtitle1"
            component="p"
            sx={{ fontWeight: 600 }}
          >
            No systems in the catalog yet
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Group components into systems in their catalog-info.yaml to see each
            system's health here.
          </Typography>
        </CardContent>
      </Card>
    );
  } else {
    content = (
      <Grid container spacing={2}>
        {value.map(summary => (
          <Grid
            item
            key={stringifyEntityRef(summary.system)}
            xs={12}
            sm={6}
            lg={3}
          >
            <SystemCard {...summary} />
          </Grid>
        ))}
      </Grid>
    );
  }

  return (
    <HomeSection
      title="Portfolio health"
      description="Which services meet their availability targets now, and every system in the portfolio with its owner and size."
    >
      <Box sx={{ mb: 2 }}>
        <PortfolioHealthCard />
      </Box>
      {content}
    </HomeSection>
  );
};
