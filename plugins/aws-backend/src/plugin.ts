import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { awsPermissions } from '@internal/plugin-aws-common';
import {
  DefaultCollectorRunRecorder,
  awsCallCounterServiceRef,
  environmentsServiceRef,
  readShipyardTagKeys,
  resourceLocatorServiceRef,
} from '@internal/plugin-aws-node';
import { createResourceInventoryCollector } from './collectors/createResourceInventoryCollector';
import { readResourceInventorySchedule } from './collectors/readResourceInventorySchedule';
import { applyDatabaseMigrations } from './database/applyDatabaseMigrations';
import { DefaultComponentResourcesStore } from './database/DefaultComponentResourcesStore';
import { DefaultRefreshLimiter } from './refreshLimit/DefaultRefreshLimiter';
import { readRefreshLimit } from './refreshLimit/readRefreshLimit';
import { createRouter } from './service/createRouter';
import { AuthorizedComponentResourcesModel } from './service/AuthorizedComponentResourcesModel';
import { DefaultComponentResourcesModel } from './service/DefaultComponentResourcesModel';

/**
 * Shipyard's AWS backend plugin: environments, the resource-inventory
 * collector and the routes that read what it stored.
 *
 * @public
 */
export const awsPlugin = createBackendPlugin({
  pluginId: 'aws',
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
        cache: coreServices.cache,
        httpRouter: coreServices.httpRouter,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        environments: environmentsServiceRef,
        locator: resourceLocatorServiceRef,
        callCounter: awsCallCounterServiceRef,
      },
      async init(deps) {
        deps.permissionsRegistry.addPermissions(awsPermissions);

        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        const runStore = DefaultCollectorRunRecorder.create({ knex });
        const store = DefaultComponentResourcesStore.create({ knex });

        await createResourceInventoryCollector({ ...deps, store, runStore });

        deps.httpRouter.use(
          await createRouter({
            logger: deps.logger,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor: deps.auditor,
            environments: deps.environments,
            runStore,
            callCounter: deps.callCounter,
            refreshLimiter: DefaultRefreshLimiter.create({
              cache: deps.cache,
              limit: readRefreshLimit(deps.config),
            }),
            validateResponses:
              deps.config.getOptionalBoolean(
                'shipyard.api.validateResponses',
              ) ?? false,
            model: AuthorizedComponentResourcesModel.create({
              permissions: deps.permissions,
              model: DefaultComponentResourcesModel.create({
                store,
                runStore,
                catalog: deps.catalog,
                environments: deps.environments,
                locator: deps.locator,
                tagKeys: readShipyardTagKeys(deps.config),
                collectionFrequency: readResourceInventorySchedule(deps.config)
                  .frequency,
              }),
            }),
          }),
        );
      },
    });
  },
});
