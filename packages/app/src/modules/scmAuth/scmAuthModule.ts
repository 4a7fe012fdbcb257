import {
  ApiBlueprint,
  configApiRef,
  createFrontendModule,
  gitlabAuthApiRef,
} from '@backstage/frontend-plugin-api';
import { ScmAuth, scmAuthApiRef } from '@backstage/integration-react';
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

/** Replaces the app's ScmAuth with one for the configured GitLab hosts. */
export const scmAuthModule = createFrontendModule({
  pluginId: 'app',
  extensions: [scmAuthApi],
});
