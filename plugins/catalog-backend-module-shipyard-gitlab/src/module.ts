import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { gitlabOrgEntityProviderTransformsExtensionPoint } from '@backstage/plugin-catalog-backend-module-gitlab-org';
import { assertRootGroupHoldsNoRole } from './assertRootGroupHoldsNoRole';
import { groupEntitiesTransformer } from './groupEntitiesTransformer';
import { userTransformer } from './userTransformer';

/**
 * Names the groups that the GitLab org ingestion creates by their full path, so that two GitLab
 * groups can never become one catalog group (and share its roles), and refuses a role given to
 * the root group of the ingestion.
 *
 * @public
 */
export const catalogModuleShipyardGitlab = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'shipyard-gitlab',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        transforms: gitlabOrgEntityProviderTransformsExtensionPoint,
      },
      async init({ config, transforms }) {
        assertRootGroupHoldsNoRole(config);
        // Both: users' memberships and the groups themselves must use the same names.
        transforms.setGroupTransformer(groupEntitiesTransformer);
        transforms.setUserTransformer(userTransformer);
      },
    });
  },
});
