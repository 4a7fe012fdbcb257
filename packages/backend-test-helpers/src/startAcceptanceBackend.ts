import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  DatabaseService,
  resolvePackagePath,
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { catalogUserInfoServiceFactory } from './catalogUserInfoServiceFactory';
import { eventually } from './eventually';
import { pluginActorAuthServiceFactory } from './pluginActorAuthServiceFactory';

// The repository's catalog folder, two levels above this package.
const DEMO_CATALOG = resolvePackagePath(
  '@internal/backend-test-helpers',
  '../../catalog',
);

/**
 * A backend as an acceptance test starts it: `features` (the real catalog
 * and permission backends, Shipyard's policy and the plugins under test, as
 * a rule) with mocked authentication that the real policy accepts
 * (`mockCredentials.user.header(ref)` is a user's), user info from the
 * catalog, the demo catalog (catalog/components.yaml and org.yaml), and
 * `config` (the sandbox's portal configuration) with permissions enabled and
 * every answer of Shipyard's routes checked against its spec.
 *
 * Each plugin named in `databases` stores in its database; every other
 * plugin (the catalog) in `catalogDatabase`. Scheduled tasks run when the
 * test triggers them on `scheduler`; `cache` replaces the cache service
 * (createResettableCache's factory).
 *
 * Resolves once the policy can decide: the catalog holds `component` (and,
 * with `componentRelatedTo`, its relation to that entity) and `user`'s
 * group memberships.
 */
export async function startAcceptanceBackend(options: {
  config: JsonObject;
  databases: Record<string, Knex>;
  catalogDatabase: Knex;
  scheduler: SchedulerService;
  cache: ServiceFactory;
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  catalogReady: {
    component: string;
    user: string;
    componentRelatedTo?: string;
  };
}): Promise<TestBackend> {
  const directory = createMockDirectory({
    content: Object.fromEntries(
      ['components.yaml', 'org.yaml'].map(file => [
        file,
        fs.readFileSync(path.join(DEMO_CATALOG, file), 'utf8'),
      ]),
    ),
  });
  const { config } = options;
  const shipyard = (config.shipyard ?? {}) as JsonObject;
  const backend = await startTestBackend({
    features: [
      mockServices.rootConfig.factory({
        data: {
          ...config,
          permission: { enabled: true },
          shipyard: {
            ...shipyard,
            // Every answer is also checked against the spec.
            api: { validateResponses: true },
          },
          catalog: {
            rules: [
              { allow: ['Component', 'Resource', 'Location', 'User', 'Group'] },
            ],
            locations: ['components.yaml', 'org.yaml'].map(file => ({
              type: 'file',
              target: directory.resolve(file),
            })),
          },
        },
      }),
      createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }): DatabaseService => {
          const client =
            options.databases[plugin.getId()] ?? options.catalogDatabase;
          return { getClient: async () => client };
        },
      }),
      createServiceFactory({
        service: coreServices.scheduler,
        deps: {},
        factory: () => options.scheduler,
      }),
      options.cache,
      pluginActorAuthServiceFactory,
      catalogUserInfoServiceFactory,
      ...options.features,
    ],
  });

  const { port } = backend.server.address() as net.AddressInfo;
  const catalogEntity = async (ref: string): Promise<Entity | undefined> => {
    const res = await fetch(
      `http://127.0.0.1:${port}/api/catalog/entities/by-name/${ref}`,
      { headers: { authorization: mockCredentials.service.header() } },
    );
    return res.ok ? res.json() : undefined;
  };
  const { component, user, componentRelatedTo } = options.catalogReady;
  try {
    // The policy, and what plugins read of the catalog, only see what it has ingested.
    await eventually('the demo catalog', async () => {
      const [componentEntity, userEntity] = await Promise.all([
        catalogEntity(component),
        catalogEntity(user),
      ]);
      const related =
        !componentRelatedTo ||
        componentEntity?.relations?.some(
          r => r.targetRef === componentRelatedTo,
        );
      const member = userEntity?.relations?.some(r => r.type === 'memberOf');
      return componentEntity && related && member ? true : undefined;
    });
  } catch (error) {
    await backend.stop();
    throw error;
  }
  return backend;
}
