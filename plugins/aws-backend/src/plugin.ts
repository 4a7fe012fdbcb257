import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  awsCallCounterServiceRef,
  environmentsServiceRef,
  resourceLocatorServiceRef,
} from '@internal/plugin-aws-node';
import { createResourceInventoryCollector } from './collectors/createResourceInventoryCollector';
import { applyDatabaseMigrations } from './database/applyDatabaseMigrations';
import { DefaultCollectorRunStore } from './database/DefaultCollectorRunStore';
import { createRouter } from './service/createRouter';
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
        httpRouter: coreServices.httpRouter,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        environments: environmentsServiceRef,
        locator: resourceLocatorServiceRef,
        callCounter: awsCallCounterServiceRef,
      },
      async init(deps) {
        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        const runStore = DefaultCollectorRunStore.create({ knex });

        await createResourceInventoryCollector({ ...deps, knex, runStore });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            environments: deps.environments,
            runStore,
            callCounter: deps.callCounter,
            model: DefaultComponentResourcesModel.create({
              knex,
              catalog: deps.catalog,
              environments: deps.environments,
              locator: deps.locator,
            }),
          }),
        );
      },
    });
  },
});
