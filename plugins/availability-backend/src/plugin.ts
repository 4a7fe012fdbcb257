import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  awsCallCounterServiceRef,
  awsClientFactoryServiceRef,
  DefaultCollectorRunRecorder,
  environmentsServiceRef,
  resourceLocatorServiceRef,
} from '@internal/plugin-aws-node';
import { createAvailabilityCollector } from './collectors/createAvailabilityCollector';
import { readAvailabilityCollectorConfig } from './collectors/readAvailabilityCollectorConfig';
import { applyDatabaseMigrations } from './database/applyDatabaseMigrations';
import { DefaultAvailabilityStore } from './database/DefaultAvailabilityStore';
import { AvailabilitySummarizer } from './service/AvailabilitySummarizer';
import { DefaultAvailabilityModel } from './service/AvailabilityModel';
import { ObjectiveResolver } from './service/ObjectiveResolver';
import { createRouter, PORTFOLIO_CACHE_TTL_MS } from './service/createRouter';
import { PortfolioResponseCache } from './service/PortfolioResponseCache';

/**
 * Shipyard's availability backend plugin: SLOs, error budgets, burn rates
 * and incidents per service and environment, collected from CloudWatch into
 * its database.
 *
 * @public
 */
export const availabilityPlugin = createBackendPlugin({
  pluginId: 'availability',
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
        clientFactory: awsClientFactoryServiceRef,
        callCounter: awsCallCounterServiceRef,
      },
      async init(deps) {
        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        const store = DefaultAvailabilityStore.create({ knex });
        const objectives = ObjectiveResolver.fromConfig(deps.config);
        const summarizer = AvailabilitySummarizer.create({
          ...deps,
          store,
          objectives,
        });

        const portfolioCache = new PortfolioResponseCache({
          ttlMs: PORTFOLIO_CACHE_TTL_MS,
        });

        await createAvailabilityCollector({
          ...deps,
          store,
          // Its runs, in this plugin's own collector_runs table: running,
          // then how it ended, or abandoned when its replica stopped.
          runRecorder: DefaultCollectorRunRecorder.create({ knex }),
          afterCycle: async cycle => {
            await summarizer.summarize(cycle.series.map(series => series.id));
            // New summaries: this replica's portfolio answers them at once.
            portfolioCache.clear();
          },
          incidentTargets: series => summarizer.targets(series),
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            portfolioCache,
            model: DefaultAvailabilityModel.create({
              ...deps,
              store,
              objectives,
              collectionInterval: readAvailabilityCollectorConfig(deps.config)
                .schedule.frequency,
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
