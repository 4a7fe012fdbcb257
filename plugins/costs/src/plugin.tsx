import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { SHIPYARD_ANNOTATION_RUNTIME } from '@internal/plugin-aws-common';
import { CostsClient } from '@internal/plugin-costs-common';
import CostsIcon from '@material-ui/icons/AttachMoney';
import { costsApiRef } from './api/costsApiRef';
import { rootRouteRef } from './routes';

/** The client of the `costs` backend plugin. */
export const costsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: costsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new CostsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "Costs" tab of components that Shipyard locates in AWS (as the
 * Deployments and Availability tabs): per environment, the daily cost by AWS
 * service, the months, the forecast and the share of the team's cost.
 */
export const costsEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'costs',
    title: 'Costs',
    filter: {
      kind: 'component',
      [`metadata.annotations.${SHIPYARD_ANNOTATION_RUNTIME}`]: {
        $exists: true,
      },
    },
    loader: () =>
      import('./components/CostsContent').then(m => <m.CostsContent />),
  },
});

/**
 * "Costs" on an environment's page. Environments are catalog Resources of
 * `spec.type: environment`, named after the environment
 * (catalog-backend-module-aws's EnvironmentEntityProvider).
 */
export const environmentCostsEntityCard = EntityCardBlueprint.make({
  name: 'environment-costs',
  params: {
    filter: { kind: 'resource', 'spec.type': 'environment' },
    loader: () =>
      import('./components/EnvironmentCostsCard').then(m => (
        <m.EnvironmentCostsCard />
      )),
  },
});

/** The Costs page at /costs: the portfolio's AWS costs. */
export const costsPage = PageBlueprint.make({
  params: {
    path: '/costs',
    routeRef: rootRouteRef,
    title: 'Costs',
    icon: <CostsIcon fontSize="inherit" />,
    loader: () => import('./components/CostsPage').then(m => <m.CostsPage />),
  },
});

/** Shipyard's costs frontend plugin: AWS costs per environment, team, system and service. */
export const costsPlugin = createFrontendPlugin({
  pluginId: 'costs',
  title: 'Costs',
  icon: <CostsIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    costsApi,
    costsEntityContent,
    environmentCostsEntityCard,
    costsPage,
  ],
});
