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
import { SecurityClient } from '@internal/plugin-security-common';
import SecurityIcon from '@material-ui/icons/Security';
import { securityApiRef } from './api/securityApiRef';
import { rootRouteRef } from './routes';

/** The client of the `security` backend plugin. */
export const securityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: securityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SecurityClient({ discoveryApi, fetchApi }),
    }),
});

// The components Shipyard locates in AWS, as for the Deployments, Availability and Costs tabs:
// their resources carry the shipyard:component tag that attributes findings.
const locatedComponents = {
  kind: 'component',
  [`metadata.annotations.${SHIPYARD_ANNOTATION_RUNTIME}`]: { $exists: true },
};

/**
 * The "Security" tab of components that Shipyard locates in AWS: per
 * environment, the service's GuardDuty findings by band and in a table.
 */
export const securityEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'security',
    title: 'Security',
    filter: locatedComponents,
    loader: () =>
      import('./components/SecurityContent').then(m => <m.SecurityContent />),
  },
});

/** Active findings per environment on a component's overview, linking to the tab. */
export const securityEntityCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: locatedComponents,
    loader: () =>
      import('./components/SecurityOverviewCard').then(m => (
        <m.SecurityOverviewCard />
      )),
  },
});

/**
 * "Security" on an environment's page. Environments are catalog Resources of
 * `spec.type: environment`, named after the environment
 * (catalog-backend-module-aws's EnvironmentEntityProvider).
 */
export const environmentSecurityEntityCard = EntityCardBlueprint.make({
  name: 'environment-security',
  params: {
    filter: { kind: 'resource', 'spec.type': 'environment' },
    loader: () =>
      import('./components/EnvironmentSecurityCard').then(m => (
        <m.EnvironmentSecurityCard />
      )),
  },
});

/** The Security page at /security: GuardDuty findings in every environment. */
export const securityPage = PageBlueprint.make({
  params: {
    path: '/security',
    routeRef: rootRouteRef,
    title: 'Security',
    icon: <SecurityIcon fontSize="inherit" />,
    loader: () =>
      import('./components/SecurityPage').then(m => <m.SecurityPage />),
  },
});

/** Shipyard's security frontend plugin: GuardDuty findings per environment and service. */
export const securityPlugin = createFrontendPlugin({
  pluginId: 'security',
  title: 'Security',
  icon: <SecurityIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    securityApi,
    securityEntityContent,
    securityEntityCard,
    environmentSecurityEntityCard,
    securityPage,
  ],
});
