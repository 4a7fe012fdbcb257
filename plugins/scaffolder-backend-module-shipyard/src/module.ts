import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import {
  awsClientFactoryServiceRef,
  environmentsServiceRef,
  readShipyardTagKeys,
} from '@internal/plugin-aws-node';
import { createEcrRepositoryAction } from './actions/ecr/createEcrRepositoryAction';
import { createResolveEnvironmentsAction } from './actions/environments/createResolveEnvironmentsAction';
import { createGitlabCiVariablesAction } from './actions/gitlab/createGitlabCiVariablesAction';
import { readShipyardScaffolderConfig } from './config/ShipyardScaffolderConfig';

/**
 * Adds Shipyard's actions to the scaffolder: `shipyard:environments:resolve`,
 * `shipyard:ecr:create-repository` and `shipyard:gitlab:ci-variables`.
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
      },
      async init({ scaffolder, config, environments, clientFactory }) {
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
          createGitlabCiVariablesAction({
            integrations: ScmIntegrations.fromConfig(config),
          }),
        );
      },
    });
  },
});
