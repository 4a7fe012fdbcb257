import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  awsClientFactoryServiceRef,
  environmentsServiceRef,
  readShipyardTagKeys,
} from '@internal/plugin-aws-node';
import { createRegisterServiceAction } from './actions/catalog/createRegisterServiceAction';
import { createEcrRepositoryAction } from './actions/ecr/createEcrRepositoryAction';
import { createResolveEnvironmentsAction } from './actions/environments/createResolveEnvironmentsAction';
import { createGitlabCiVariablesAction } from './actions/gitlab/createGitlabCiVariablesAction';
import { readShipyardScaffolderConfig } from './config/ShipyardScaffolderConfig';

/**
 * Adds Shipyard's actions to the scaffolder: `shipyard:environments:resolve`,
 * `shipyard:ecr:create-repository`, `shipyard:gitlab:ci-variables` and
 * `shipyard:catalog:register`.
 *
 * @public
 */
export const scaffolderModuleShipyard = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'shipyard',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        environments: environmentsServiceRef,
        clientFactory: awsClientFactoryServiceRef,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({
        scaffolder,
        config,
        environments,
        clientFactory,
        catalog,
        auth,
      }) {
        const integrations = ScmIntegrations.fromConfig(config);
        // Read once: a wrong value stops the backend rather than a template run.
        const scaffolderConfig = readShipyardScaffolderConfig(config);
        scaffolder.addActions(
          createResolveEnvironmentsAction({
            environments,
            config: scaffolderConfig,
          }),
          createEcrRepositoryAction({
            clientFactory,
            environments,
            config: scaffolderConfig,
            tagKeys: readShipyardTagKeys(config),
          }),
          createGitlabCiVariablesAction({ integrations }),
          createRegisterServiceAction({ catalog, auth, integrations }),
        );
      },
    });
  },
});
