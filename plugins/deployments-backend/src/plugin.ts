import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { durationToMilliseconds } from '@backstage/types';
import {
  DefaultCollectorRunRecorder,
  awsCallCounterServiceRef,
  awsClientFactoryServiceRef,
  environmentsServiceRef,
  kubernetesDeploymentWriterServiceRef,
  kubernetesReaderServiceRef,
  readShipyardTagKeys,
  resourceLocatorServiceRef,
} from '@internal/plugin-aws-node';
import { deploymentsPermissions } from '@internal/plugin-deployments-common';
import { createDeploymentsCollector } from './collectors/createDeploymentsCollector';
import { applyDatabaseMigrations } from './database/applyDatabaseMigrations';
import { DefaultDeploymentsStore } from './database/DefaultDeploymentsStore';
import { DefaultRollbackStore } from './database/DefaultRollbackStore';
import { deploymentEnvironmentResourceRef } from './permissions/deploymentEnvironmentResourceRef';
import { deploymentEnvironmentRules } from './permissions/deploymentEnvironmentRules';
import { loadDeploymentEnvironments } from './permissions/loadDeploymentEnvironments';
import { createRouter } from './service/createRouter';
import { DeploymentsModel } from './service/DeploymentsModel';
import { OperationsModel } from './service/OperationsModel';
import { RollbackService } from './service/RollbackService';
import { EcsDeploymentTargets } from './targets/EcsDeploymentTargets';
import { EksDeploymentTargets } from './targets/EksDeploymentTargets';

const DEFAULT_ROLLOUT_CACHE_TTL_MS = 3_000;

/**
 * Shipyard's deployments backend plugin: what runs where on ECS and EKS
 * (collected into its database) and safe rollbacks.
 *
 * @public
 */
export const deploymentsPlugin = createBackendPlugin({
  pluginId: 'deployments',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        cache: coreServices.cache,
        catalog: catalogServiceRef,
        environments: environmentsServiceRef,
        locator: resourceLocatorServiceRef,
        clientFactory: awsClientFactoryServiceRef,
        reader: kubernetesReaderServiceRef,
        writer: kubernetesDeploymentWriterServiceRef,
        callCounter: awsCallCounterServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        deps.permissionsRegistry.addResourceType({
          resourceRef: deploymentEnvironmentResourceRef,
          permissions: deploymentsPermissions,
          rules: deploymentEnvironmentRules,
          getResources: refs => loadDeploymentEnvironments(deps, refs),
        });

        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        const store = DefaultDeploymentsStore.create({ knex });
        const rollbackStore = DefaultRollbackStore.create({ knex });
        const tagKeys = readShipyardTagKeys(deps.config);
        const targets = [
          EcsDeploymentTargets.create({ ...deps, tagKeys }),
          EksDeploymentTargets.create({ ...deps, tagKeys }),
        ];
        const ttlKey = 'shipyard.deployments.rolloutCacheTtl';
        const rollbacks = RollbackService.create({
          ...deps,
          store,
          rollbacks: rollbackStore,
          targets,
          tagKeys,
          rolloutCacheTtlMs: deps.config.has(ttlKey)
            ? durationToMilliseconds(
                readDurationFromConfig(deps.config, { key: ttlKey }),
              )
            : DEFAULT_ROLLOUT_CACHE_TTL_MS,
        });

        await createDeploymentsCollector({
          ...deps,
          store,
          rollbackStore,
          rollbacks,
          targets,
          runStore: DefaultCollectorRunRecorder.create({ knex }),
        });

        deps.httpRouter.use(
          await createRouter({
            logger: deps.logger,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            deployments: DeploymentsModel.create({
              ...deps,
              store,
              rollbacks: rollbackStore,
            }),
            operations: OperationsModel.create({
              store,
              rollbacks: rollbackStore,
              environments: deps.environments,
            }),
            rollbacks,
            validateResponses:
              deps.config.getOptionalBoolean(
                'shipyard.api.validateResponses',
              ) ?? false,
          }),
        );
      },
    });
  },
});
