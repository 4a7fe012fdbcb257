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
import { AvailabilityClient } from '@internal/plugin-availability-common';
import { SHIPYARD_ANNOTATION_RUNTIME } from '@internal/plugin-aws-common';
import AvailabilityIcon from '@material-ui/icons/Timeline';
import { availabilityApiRef } from './api/availabilityApiRef';
import { rootRouteRef } from './routes';

/** The client of the `availability` backend plugin. */
export const availabilityApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: availabilityApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AvailabilityClient({ discoveryApi, fetchApi }),
    }),
});

// The components Shipyard locates in AWS, as for the Deployments tab.
const measuredComponents = {
  kind: 'component',
  [`metadata.annotations.${SHIPYARD_ANNOTATION_RUNTIME}`]: { $exists: true },
};

/**
 * The "Availability" tab of components that Shipyard locates in AWS: per
 * environment, availability against target, the budget's burn-down, burn
 * rates and incidents.
 */
export const availabilityEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'availability',
    title: 'Availability',
    filter: measuredComponents,
    loader: () =>
      import('./components/AvailabilityContent').then(m => (
        <m.AvailabilityContent />
      )),
  },
});

/** The headline availability per environment on a component's overview. */
export const availabilityEntityCard = EntityCardBlueprint.make({
  name: 'overview',
  params: {
    filter: measuredComponents,
    loader: () =>
      import('./components/AvailabilityOverviewCard').then(m => (
        <m.AvailabilityOverviewCard />
      )),
  },
});

/**
 * "Availability" on an environment's page. Environments are catalog
 * Resources of `spec.type: environment`, named after the environment
 * (catalog-backend-module-aws's EnvironmentEntityProvider).
 */
export const environmentAvailabilityEntityCard = EntityCardBlueprint.make({
  name: 'environment-availability',
  params: {
    filter: { kind: 'resource', 'spec.type': 'environment' },
    loader: () =>
      import('./components/EnvironmentAvailabilityCard').then(m => (
        <m.EnvironmentAvailabilityCard />
      )),
  },
});

/** The portfolio page at /availability: every service × environment against its target. */
export const availabilityPage = PageBlueprint.make({
  params: {
    path: '/availability',
    routeRef: rootRouteRef,
    title: 'Availability',
    icon: <AvailabilityIcon fontSize="inherit" />,
    loader: () =>
      import('./components/AvailabilityPage').then(m => <m.AvailabilityPage />),
  },
});

/** Shipyard's availability frontend plugin: SLOs, error budgets, burn rates and incidents. */
export const availabilityPlugin = createFrontendPlugin({
  pluginId: 'availability',
  title: 'Availability',
  icon: <AvailabilityIcon fontSize="inherit" />,
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    availabilityApi,
    availabilityEntityContent,
    availabilityEntityCard,
    environmentAvailabilityEntityCard,
    availabilityPage,
  ],
});
