import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { durationToMilliseconds } from '@backstage/types';
import {
  awsCallCounterServiceRef,
  awsClientFactoryServiceRef,
  DefaultCollectorRunRecorder,
  environmentsServiceRef,
} from '@internal/plugin-aws-node';
import { securityPermissions } from '@internal/plugin-security-common';
import { createSecurityCollector } from './collectors/createSecurityCollector';
import { readSecurityCollectorConfig } from './collectors/readSecurityCollectorConfig';
import { applyDatabaseMigrations } from './database/applyDatabaseMigrations';
import { DefaultSecurityStore } from './database/DefaultSecurityStore';
import { notifyNewFindings } from './notifications/notifyNewFindings';
import { readNotifyGroups } from './notifications/readNotifyGroups';
import { AuthorizedSecurityModel } from './service/AuthorizedSecurityModel';
import { createRouter } from './service/createRouter';
import { DefaultSecurityModel } from './service/DefaultSecurityModel';
import { RecentFindings } from './service/RecentFindings';
import { SecurityComponents } from './service/SecurityComponents';

/**
 * How long one read of recent findings is shared: at least 5 s even when
 * the collector moved on (a first import stores a page every few hundred
 * milliseconds, and a read at 10,000 findings takes hundreds), at most a
 * minute while nothing seems to change (a bound on what the sync state
 * might not show).
 */
const RECENT_FINDINGS_MIN_AGE_MS = 5_000;
const RECENT_FINDINGS_MAX_AGE_MS = 60_000;

/**
 * Shipyard's security backend plugin: Amazon GuardDuty findings per
 * environment and service, synced into its database by a scheduled
 * collector; `security.findings.read` decides who reads which service's
 * findings, `security.overview.read` who counts them all.
 *
 * @public
 */
export const securityPlugin = createBackendPlugin({
  pluginId: 'security',
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
        notifications: notificationService,
      },
      async init(deps) {
        // A permission on the catalog's resource type: the catalog applies
        // its conditions; registering it lists it for the policy and tools.
        deps.permissionsRegistry.addPermissions(securityPermissions);
        const notifyGroups = readNotifyGroups(deps.config);
        const { schedule } = readSecurityCollectorConfig(deps.config);

        const knex = await deps.database.getClient();
        if (!deps.database.migrations?.skip) {
          await applyDatabaseMigrations(knex);
        }
        const store = DefaultSecurityStore.create({ knex });
        const components = SecurityComponents.create(deps);

        await createSecurityCollector({
          ...deps,
          store,
          runRecorder: DefaultCollectorRunRecorder.create({ knex }),
          onNewFindings: findings =>
            notifyNewFindings(
              { ...deps, store, components, notifyGroups },
              findings,
            ),
        });

        const model = DefaultSecurityModel.create({
          ...deps,
          store,
          components,
          recent: RecentFindings.create({
            store,
            minAgeMs: RECENT_FINDINGS_MIN_AGE_MS,
            maxAgeMs: RECENT_FINDINGS_MAX_AGE_MS,
          }),
          syncIntervalMs: durationToMilliseconds(schedule.frequency),
        });
        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            environments: deps.environments,
            model: AuthorizedSecurityModel.create({
              model,
              permissions: deps.permissions,
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
