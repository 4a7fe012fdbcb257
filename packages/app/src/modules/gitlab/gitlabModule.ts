import {
  ApiBlueprint,
  configApiRef,
  createFrontendModule,
  gitlabAuthApiRef,
} from '@backstage/frontend-plugin-api';
import { ScmAuth, scmAuthApiRef } from '@backstage/integration-react';
import {
  createFormField,
  FormFieldBlueprint,
} from '@backstage/plugin-scaffolder-react/alpha';
import { gitlabHosts } from './gitlabHosts';

/**
 * The scaffolder's repository picker asks ScmAuth for the user's own GitLab token (the templates
 * publish with it, never with the portal's). The app's default ScmAuth knows only gitlab.com, so
 * this one serves every GitLab host configured under `integrations.gitlab` (the company's
 * GitLab in production, the sandbox's stand-in in development) through the GitLab sign-in
 * provider.
 */
const scmAuthApi = ApiBlueprint.make({
  name: 'scm-auth',
  params: defineParams =>
    defineParams({
      api: scmAuthApiRef,
      deps: { gitlabAuthApi: gitlabAuthApiRef, configApi: configApiRef },
      factory: ({ gitlabAuthApi, configApi }) =>
        ScmAuth.merge(
          ...gitlabHosts(configApi).map(host =>
            ScmAuth.forGitlab(gitlabAuthApi, { host }),
          ),
        ),
    }),
});

/** The templates' GitLab project field, see {@link GitlabProjectPicker}. */
const gitlabProjectField = FormFieldBlueprint.make({
  name: 'gitlab-project',
  params: {
    field: () =>
      import('./GitlabProjectPicker').then(m =>
        createFormField({
          name: 'ShipyardGitlabProject',
          component: m.GitlabProjectPicker,
        }),
      ),
  },
});

/**
 * Shipyard's GitLab in the app: ScmAuth for the configured GitLab hosts, and the templates'
 * project field.
 */
export const gitlabModule = createFrontendModule({
  pluginId: 'app',
  extensions: [scmAuthApi, gitlabProjectField],
});
