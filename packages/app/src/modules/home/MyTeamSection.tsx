import { ReactNode } from 'react';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  identityApiRef,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef, EntityRefLink } from '@backstage/plugin-catalog-react';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import { SHIPYARD_ANNOTATION_RUNTIME } from '@internal/plugin-aws-common';
import { TeamCostsCard } from '@internal/plugin-costs';
import AddIcon from '@material-ui/icons/Add';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Link as RouterLink } from 'react-router-dom';
import { HomeSection } from './HomeSection';
import { SectionError } from './SectionError';
import { SectionLoading } from './SectionLoading';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

const componentFields = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.description',
  'metadata.annotations',
  'spec.type',
  'spec.lifecycle',
  'spec.system',
];

function isGroupRef(ref: string): boolean {
  return parseEntityRef(ref).kind.toLocaleLowerCase('en-US') === 'group';
}

const CreateServiceButton = () => {
  const createLink = useRouteRef(scaffolderPlugin.routes.root);
  if (!createLink) {
    return null;
  }
  return (
    <Button
      variant="contained"
      startIcon={<AddIcon />}
      component={RouterLink}
      to={createLink()}
    >
      Create a service
    </Button>
  );
};

const ComponentsTable = ({ components }: { components: Entity[] }) => (
  <TableContainer component={Card} variant="outlined">
    <Table
      size="small"
      aria-label="Components owned by your team"
      sx={{ minWidth: 760 }}
    >
      <TableHead>
        <TableRow>
          <TableCell>Component</TableCell>
          <TableCell>Type</TableCell>
          <TableCell>System</TableCell>
          <TableCell>Runs on</TableCell>
          <TableCell>Lifecycle</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {components.map(component => {
          const system = component.spec?.system as string | undefined;
          const runtime =
            component.metadata.annotations?.[SHIPYARD_ANNOTATION_RUNTIME];
          return (
            <TableRow key={stringifyEntityRef(component)} hover>
              <TableCell>
                <EntityRefLink entityRef={component} hideIcon disableTooltip />
                {component.metadata.description && (
                  <Typography
                    variant="caption"
                    color="text.secondary"
                    component="div"
                    noWrap
                    sx={{ maxWidth: 420 }}
                  >
                    {component.metadata.description}
                  </Typography>
                )}
              </TableCell>
              <TableCell>{String(component.spec?.type ?? '—')}</TableCell>
              <TableCell>
                {system ? (
                  <EntityRefLink
                    entityRef={parseEntityRef(system, {
                      defaultKind: 'system',
                      defaultNamespace: component.metadata.namespace,
                    })}
                    hideIcon
                    disableTooltip
                  />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                {runtime ? (
                  <Chip
                    label={runtime.toLocaleUpperCase('en-US')}
                    size="small"
                    variant="outlined"
                  />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>{String(component.spec?.lifecycle ?? '—')}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  </TableContainer>
);

/**
 * For developers: the components that the signed-in user's teams own, found
 * through the ownership references of the user's identity, and what they
 * cost this month (from the costs plugin).
 */
export const MyTeamSection = () => {
  const identityApi = useApi(identityApiRef);
  const catalogApi = useApi(catalogApiRef);

  const { loading, error, value, retry } = useAsyncRetry(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (ownershipEntityRefs.length === 0) {
      return { teamRefs: [], components: [] };
    }
    const { items } = await catalogApi.getEntities({
      filter: {
        kind: 'component',
        'relations.ownedBy': ownershipEntityRefs,
      },
      fields: componentFields,
      order: { field: 'metadata.name', order: 'asc' },
    });
    return {
      teamRefs: ownershipEntityRefs.filter(isGroupRef),
      components: items,
    };
  }, [identityApi, catalogApi]);

  let description: ReactNode =
    'The services your team owns, and a template to start a new one.';
  if (value && value.teamRefs.length > 0) {
    description = (
      <>
        Components owned by{' '}
        {value.teamRefs.map((ref, index) => (
          <span key={ref}>
            {index > 0 && ', '}
            <EntityRefLink entityRef={ref} hideIcon disableTooltip />
          </span>
        ))}
        .
      </>
    );
  }

  let content;
  if (loading) {
    content = <SectionLoading label="Loading your team's components…" />;
  } else if (error) {
    content = (
      <SectionError
        title="Could not load your team's components"
        error={error}
        onRetry={retry}
      />
    );
  } else if (!value || value.components.length === 0) {
    content = (
      <Card variant="outlined">
        <CardContent>
          <Typography
            variant="subtitle1"
            component="p"
            sx={{ fontWeight: 600 }}
          >
            {value && value.teamRefs.length === 0
              ? 'You are not a member of a team in the catalog'
              : 'Your team does not own any components yet'}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Create a service from a template: it gets a GitLab repository, a
            pipeline that deploys to every environment and a catalog entry owned
            by your team, and then shows up here.
          </Typography>
        </CardContent>
      </Card>
    );
  } else {
    content = (
      <>
        <ComponentsTable components={value.components} />
        <Box sx={{ mt: 2 }}>
          <TeamCostsCard />
        </Box>
      </>
    );
  }

  return (
    <HomeSection
      title="My team"
      description={description}
      action={
        <Box sx={{ flexShrink: 0 }}>
          <CreateServiceButton />
        </Box>
      }
    >
      {content}
    </HomeSection>
  );
};
