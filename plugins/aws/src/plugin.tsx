import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import {
  AwsClient,
  SHIPYARD_ANNOTATION_RUNTIME,
} from '@internal/plugin-aws-common';
import { awsApiRef } from './api/awsApiRef';

/** The client of the `aws` backend plugin. */
export const awsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: awsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AwsClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "Runs in" card on the overview of components that Shipyard locates in
 * AWS, i.e. those with a `shipyard.io/runtime` annotation. A content card: the
 * side column is sticky and cut at the viewport's height, which hides the
 * prod row under "About". Its place among the content cards follows the
 * order of `app.extensions`.
 */
export const runsInEntityCard = EntityCardBlueprint.make({
  name: 'runs-in',
  params: {
    type: 'content',
    filter: {
      kind: 'component',
      [`metadata.annotations.${SHIPYARD_ANNOTATION_RUNTIME}`]: {
        $exists: true,
      },
    },
    loader: () => import('./components/RunsInCard').then(m => <m.RunsInCard />),
  },
});

/**
 * The scaffolder field `ShipyardEnvironmentPicker`: the configured environments a new service
 * deploys to (`ui:options.runtime` keeps those with an ECS or an EKS cluster).
 */
export const environmentPickerFormField = FormFieldBlueprint.make({
  name: 'environment-picker',
  params: {
    field: () =>
      import('./components/EnvironmentPicker').then(m =>
        createFormField({
          name: 'ShipyardEnvironmentPicker',
          component: m.EnvironmentPicker,
          validation: m.validateEnvironmentChoice,
        }),
      ),
  },
});

/** Shipyard's AWS frontend plugin: where components run and what runs there. */
export const awsPlugin = createFrontendPlugin({
  pluginId: 'aws',
  info: { packageJson: () => import('../package.json') },
  extensions: [awsApi, runsInEntityCard, environmentPickerFormField],
});
