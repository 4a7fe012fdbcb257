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
import { DeploymentsClient } from '@internal/plugin-deployments-common';
import HistoryIcon from '@material-ui/icons/History';
import { deploymentsApiRef } from './api/deploymentsApiRef';
import { rootRouteRef } from './routes';

/** The client of the `deployments` backend plugin. */
export const deploymentsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: deploymentsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DeploymentsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "Deployments" tab of components that Shipyard locates in AWS, i.e.
 * those with a `shipyard.io/runtime` annotation: what runs where, history,
 * failures, and rollback.
 */
export const deploymentsEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'deployments',
    title: 'Deployments',
    filter: {
      kind: 'component',
      [`metadata.annotations.${SHIPYARD_ANNOTATION_RUNTIME}`]: {
        $exists: true,
      },
    },
    loader: () =>
      import('./components/DeploymentsContent').then(m => (
        <m.DeploymentsContent />
      )),
  },
});

/**
 * "Recent deployments" on an environment's page. Environments are catalog
 * Resources of `spec.type: environment`, named after the environment
 * (catalog-backend-module-aws's EnvironmentEntityProvider).
 */
export const environmentDeploymentsEntityCard = EntityCardBlueprint.make({
  name: 'environment-deployments',
  params: {
    filter: { kind: 'resource', 'spec.type': 'environment' },
    loader: () =>
      import('./components/EnvironmentDeploymentsCard').then(m => (
        <m.EnvironmentDeploymentsCard />
      )),
  },
});

/** The portfolio page at /deployments: the operations feed and DORA figures. */
export const deploymentsPage = PageBlueprint.make({
  params: {
    path: '/deployments',
    routeRef: rootRouteRef,
    title: 'Deployments',
    icon: <HistoryIcon fontSize="inherit" />,
    loader: () =>
      import('./components/DeploymentsPage').then(m => <m.DeploymentsPage />),
  },
});

/** Shipyard's deployments frontend plugin: what runs where, rollbacks, the operations feed and DORA figures. */
export const deploymentsPlugin = createFrontendPlugin({
  pluginId: 'deployments',
  title: 'Deployments',
  icon: <HistoryIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    deploymentsApi,
    deploymentsEntityContent,
    environmentDeploymentsEntityCard,
    deploymentsPage,
  ],
});
