import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { durationToMilliseconds } from '@backstage/types';
import {
  awsCallCounterServiceRef,
  awsClientFactoryServiceRef,
  DefaultCollectorRunRecorder,
  environmentsServiceRef,
} from '@internal/plugin-aws-node';
import { costsPermissions } from '@internal/plugin-costs-common';
import { createCostsCollector } from './collectors/createCostsCollector';
import { readCostsCollectorConfig } from './collectors/readCostsCollectorConfig';
import { applyDatabaseMigrations } from './database/applyDatabaseMigrations';
import { DefaultCostsStore } from './database/DefaultCostsStore';
import { AuthorizedCostsModel } from './service/AuthorizedCostsModel';
import { CachedCostsModel } from './service/CachedCostsModel';
import { CostComponents } from './service/CostComponents';
import { createRouter } from './service/createRouter';
import { DefaultCostsModel } from './service/DefaultCostsModel';
import { readOthersAs } from './service/readOthersAs';

/**
 * How long one portfolio, or one component's costs, is served to every
 * caller (each still authorized): short against the collector's hours, so a
 * refresh shows within seconds on every replica.
 */
const COSTS_CACHE_TTL_MS = 30_000;

/**
 * Shipyard's costs backend plugin: AWS costs per environment, team and
 * service, collected from Cost Explorer into its database on a rationed
 * schedule; `costs.read` decides who sees which service's costs.
 *
 * @public
 */
export const costsPlugin = createBackendPlugin({
  pluginId: 'costs',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        environments: environmentsServiceRef,
        clientFactory: awsClientFactoryServiceRef,
        callCounter: awsCallCounterServiceRef,
      },
      async init(deps) {
        // A permission on the catalog's resource type: the catalog applies
        // its conditions; registering it lists it for the policy and tools.
        deps.permissionsRegistry.addPermissions(costsPermissions);
        const othersAs = readOthersAs(deps.config);

        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        const store = DefaultCostsStore.create({ knex });

        await createCostsCollector({
          ...deps,
          store,
          runRecorder: DefaultCollectorRunRecorder.create({ knex }),
        });

        const model = CachedCostsModel.create({
          model: DefaultCostsModel.create({
            ...deps,
            store,
            components: CostComponents.create(deps),
            refreshIntervalMs: durationToMilliseconds(
              readCostsCollectorConfig(deps.config).schedule.frequency,
            ),
          }),
          ttlMs: COSTS_CACHE_TTL_MS,
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            model: AuthorizedCostsModel.create({
              model,
              catalog: deps.catalog,
              permissions: deps.permissions,
              othersAs,
            }),
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
