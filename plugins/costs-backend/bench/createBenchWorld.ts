/*
 * What the costs benchmarks share: an in-process sandbox at a scale with
 * its clock frozen, the real SDK clients through aws-node with every call
 * counted, the plugin's store on a scratch database (a SQLite file in a
 * temporary folder, or a scratch PostgreSQL database on 127.0.0.1:5432
 * unless PGHOST/PGPORT/PGUSER say otherwise), the collector as the scheduled
 * task runs it, and a portal serving the plugin the way the backend does.
 * close() removes everything.
 */
import {
  BackstageUserInfo,
  coreServices,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import permissionBackend from '@backstage/plugin-permission-backend';
import { AwsCallCount } from '@internal/plugin-aws-common';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import express from 'express';
import knexFactory from 'knex';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createSandboxServer, sandboxPortalConfig } from 'sandbox';
import { collectCosts } from '../src/collectors/collectCosts';
import { readCostsCollectorConfig } from '../src/collectors/readCostsCollectorConfig';
import { applyDatabaseMigrations } from '../src/database/applyDatabaseMigrations';
import { DefaultCostsStore } from '../src/database/DefaultCostsStore';
import costsPlugin from '../src';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type DatabaseKind = 'sqlite' | 'pg';

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export function stringArg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
}

export function databasesArg(): DatabaseKind[] {
  return stringArg('databases', 'sqlite,pg').split(',') as DatabaseKind[];
}

export function machine(): string {
  return `${os.cpus().length} cores, ${Math.round(
    os.totalmem() / 2 ** 30,
  )} GiB, Node ${process.version}, load ${os
    .loadavg()
    .map(l => l.toFixed(1))
    .join('/')}`;
}

/** The q-quantile (nearest rank) of a sample. */
export function quantile(xs: number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

export function byOperation(calls: AwsCallCount[]): Record<string, number> {
  const result: Record<string, number> = {};
  for (const c of calls) {
    const key = `${c.service}:${c.operation}`;
    result[key] = (result[key] ?? 0) + c.count + c.retries;
  }
  return result;
}

export const round = (x: number, digits = 1) =>
  Math.round(x * 10 ** digits) / 10 ** digits;

/** A scratch database of the given kind, with the plugin's migrations applied. */
export async function createScratchDatabase(kind: DatabaseKind) {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-costs-'));
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename: path.join(dir, 'costs.sqlite') },
      useNullAsDefault: true,
    });
    await applyDatabaseMigrations(knex);
    return {
      kind,
      knex,
      async drop() {
        await knex.destroy();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const connection = {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    ...(process.env.PGPASSWORD ? { password: process.env.PGPASSWORD } : {}),
  };
  const admin = knexFactory({
    client: 'pg',
    connection: { ...connection, database: 'postgres' },
  });
  const name = `bench_costs_${process.pid}_${Date.now().toString(36)}`;
  await admin.raw('CREATE DATABASE ??', [name]);
  // knex's default pool (2..10), as one backend replica has.
  const knex = knexFactory({
    client: 'pg',
    connection: { ...connection, database: name },
  });
  const drop = async () => {
    await knex.destroy();
    await admin.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [name]);
    await admin.destroy();
  };
  try {
    await applyDatabaseMigrations(knex);
  } catch (error) {
    await drop();
    throw error;
  }
  return { kind, knex, drop };
}

/** How long the backend's user info service keeps a token's answer (CachedUserInfoService). */
const USER_INFO_TTL_MS = 5_000;

/**
 * User info as sign-in gives it: the user and the groups the catalog says
 * they are a member of; the policy derives the role and ownership from it
 * (as in the acceptance test). Kept per user for 5 s, as the backend's own
 * user info service keeps each token's: the policy asks for every item of a
 * batch, and production does not read the catalog (or the auth backend)
 * 1,008 times per portfolio.
 */
const catalogUserInfoFactory = createServiceFactory({
  service: coreServices.userInfo,
  deps: { catalog: catalogServiceRef, auth: coreServices.auth },
  factory: ({ catalog, auth }) => {
    const cache = new Map<
      string,
      { expiresAt: number; info: Promise<BackstageUserInfo> }
    >();
    const load = async (userEntityRef: string) => {
      const user = await catalog.getEntityByRef(userEntityRef, {
        credentials: await auth.getOwnServiceCredentials(),
      });
      const groups = (user?.relations ?? [])
        .filter(r => r.type === 'memberOf')
        .map(r => r.targetRef);
      return { userEntityRef, ownershipEntityRefs: [userEntityRef, ...groups] };
    };
    return {
      async getUserInfo(credentials) {
        const principal = credentials.principal as { userEntityRef?: string };
        if (!principal.userEntityRef) {
          throw new Error('User info is only available for users');
        }
        const now = Date.now();
        let entry = cache.get(principal.userEntityRef);
        if (!entry || entry.expiresAt <= now) {
          entry = {
            expiresAt: now + USER_INFO_TTL_MS,
            info: load(principal.userEntityRef),
          };
          cache.set(principal.userEntityRef, entry);
        }
        return entry.info;
      },
    };
  },
});

/**
 * The mock auth service, except that a token a plugin asks for on behalf of
 * a user names the plugin as the actor, as real auth does, so the permission
 * backend accepts the plugin's requests. (As in the acceptance test.)
 */
const pluginActorAuthFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory: ({ plugin }) => {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => auth.authenticate(token, options),
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      isPrincipal: auth.isPrincipal.bind(auth),
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    };
  },
});

/**
 * The sandbox at `scale` (scale × the nine demo components, in three
 * environments), its clock frozen at `now`, and the plugin's store on a
 * scratch database of `database`'s kind.
 */
export async function createBenchWorld(options: {
  scale: number;
  database: DatabaseKind;
  now?: Date;
}) {
  let now = options.now ?? new Date();
  const server = await createSandboxServer({
    port: 0,
    scale: options.scale,
    now: () => now,
  });
  const portalConfig = sandboxPortalConfig(server, { maxAttempts: 10 });
  const config = new ConfigReader(portalConfig);
  const counter = DefaultAwsCallCounter.create();
  const clientFactory = DefaultAwsClientFactory.fromConfig(config, {
    counter,
  });
  const environments = DefaultShipyardEnvironments.fromConfig(config);
  const logger = mockServices.rootLogger({ level: 'warn' });
  const database = await createScratchDatabase(options.database);
  const store = DefaultCostsStore.create({ knex: database.knex });
  const { schedule: _, ...collectorConfig } = readCostsCollectorConfig(config);
  const closers: Array<() => Promise<unknown>> = [];

  return {
    server,
    counter,
    environments,
    collectorConfig,
    database,
    store,
    now: () => now,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    /** One run of the collector as the scheduled task makes it, at the frozen clock. */
    async collect() {
      const at = now;
      return collectCosts({
        environments,
        clientFactory,
        callCounter: counter,
        store,
        logger,
        config: collectorConfig,
        now: () => at,
      });
    },
    /**
     * The portal: the real catalog backend holding the demo organisation
     * and the sandbox's components, the real permission backend with
     * Shipyard's policy, and the costs plugin on the world's database,
     * served on 127.0.0.1 behind the middleware the backend's root HTTP
     * router puts in front of every plugin (helmet, cors, compression;
     * startTestBackend's own router has none). Mocked authentication:
     * `token(userRef)` is a user's bearer token. Resolves once the catalog
     * holds every component and the users' memberships.
     */
    async startPortal() {
      const dir = fs.mkdtempSync(
        path.join(os.tmpdir(), 'bench-costs-catalog-'),
      );
      closers.push(async () =>
        fs.rmSync(dir, { recursive: true, force: true }),
      );
      const repoCatalog = path.resolve(__dirname, '../../../catalog');
      fs.copyFileSync(
        path.join(repoCatalog, 'org.yaml'),
        path.join(dir, 'org.yaml'),
      );
      // JSON documents are YAML documents.
      fs.writeFileSync(
        path.join(dir, 'components.yaml'),
        server.scenario.components
          .map(c =>
            JSON.stringify({
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: c.name,
                annotations: {
                  'shipyard.io/runtime': c.runtime,
                  ...(c.runtime === 'eks' && {
                    'backstage.io/kubernetes-id': c.name,
                  }),
                },
              },
              spec: {
                type: c.type,
                lifecycle: 'production',
                owner: c.owner,
                system: c.system,
              },
            }),
          )
          .join('\n---\n'),
      );
      const catalogKnex = knexFactory({
        client: 'better-sqlite3',
        connection: { filename: path.join(dir, 'catalog.sqlite') },
        useNullAsDefault: true,
      });
      closers.push(() => catalogKnex.destroy());
      const backend = await startTestBackend({
        features: [
          mockServices.rootConfig.factory({
            data: {
              ...portalConfig,
              permission: { enabled: true },
              catalog: {
                rules: [
                  {
                    allow: [
                      'Component',
                      'Resource',
                      'Location',
                      'User',
                      'Group',
                    ],
                  },
                ],
                locations: ['components.yaml', 'org.yaml'].map(file => ({
                  type: 'file',
                  target: path.join(dir, file),
                })),
              },
            },
          }),
          createServiceFactory({
            service: coreServices.database,
            deps: { plugin: coreServices.pluginMetadata },
            factory: ({ plugin }): DatabaseService => {
              const client =
                plugin.getId() === 'costs' ? database.knex : catalogKnex;
              return {
                getClient: async () => client,
                migrations: { skip: plugin.getId() === 'costs' },
              };
            },
          }),
          // The collector runs only when the benchmark calls collect().
          mockServices.scheduler.factory(),
          catalogUserInfoFactory,
          pluginActorAuthFactory,
          catalogBackend,
          permissionBackend,
          shipyardPolicyModule,
          costsPlugin,
        ],
      });
      closers.push(() => backend.stop());
      const middleware = MiddlewareFactory.create({ config, logger });
      const app = express();
      app.use(middleware.helmet());
      app.use(middleware.cors());
      app.use(middleware.compression());
      // The test backend's app: its routes, not-found and error handlers.
      app.use(backend.server.listeners('request')[0] as express.Handler);
      const front = http.createServer(app);
      await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve));
      closers.push(() => new Promise(resolve => front.close(resolve)));
      const { port } = front.address() as net.AddressInfo;
      const baseUrl = `http://127.0.0.1:${port}`;
      const components = server.scenario.components.length;
      const serviceAuth = mockCredentials.service.header();
      const deadline = Date.now() + 10 * MINUTE;
      for (;;) {
        const res = await fetch(
          `${baseUrl}/api/catalog/entities/by-query?filter=kind=component&limit=1`,
          { headers: { authorization: serviceAuth } },
        );
        const total = res.ok ? (await res.json()).totalItems : 0;
        const user = await fetch(
          `${baseUrl}/api/catalog/entities/by-name/user/default/mei.chen`,
          { headers: { authorization: serviceAuth } },
        );
        const member =
          user.ok &&
          (await user.json()).relations?.some(
            (r: { type: string }) => r.type === 'memberOf',
          );
        if (total >= components && member) {
          break;
        }
        if (Date.now() > deadline) {
          throw new Error(
            `The catalog holds ${total} of ${components} components after 10 minutes`,
          );
        }
        await new Promise(resolve => setTimeout(resolve, 2000));
      }
      return {
        baseUrl,
        token: (userRef: string) => mockCredentials.user.token(userRef),
      };
    },
    async close() {
      for (const close of closers.reverse()) {
        await close();
      }
      clientFactory.destroy();
      await database.drop();
      await server.close();
    },
  };
}

export type BenchWorld = Awaited<ReturnType<typeof createBenchWorld>>;
