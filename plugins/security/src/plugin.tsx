import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
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
    securityPage,
  ],
});
