import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  DatabaseService,
} from '@backstage/backend-plugin-api';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { cachedCatalogUserInfoServiceFactory } from './cachedCatalogUserInfoServiceFactory';
import { pluginActorAuthServiceFactory } from './pluginActorAuthServiceFactory';

/** A portal a benchmark reads over HTTP, as a browser would. */
export interface BenchPortal {
  baseUrl: string;
  /** Stops the backend and the server in front of it, and removes the catalog's database. */
  stop(): Promise<void>;
}

/**
 * A portal for benchmarks: `features` (the real catalog and permission
 * backends, Shipyard's policy and the plugin measured, as a rule) on a test
 * backend with mocked authentication (`mockCredentials.user.token(ref)` is a
 * user's bearer token), user info from the catalog kept as the backend keeps
 * it, and the scheduler mocked (scheduled tasks run only when the benchmark
 * runs them). Plugin `pluginId` stores in `knex`, already migrated; the
 * catalog in a SQLite file of its own, reading `catalogFiles` (name to YAML).
 *
 * Served on 127.0.0.1 behind the middleware the backend's root HTTP router
 * puts in front of every plugin (helmet, cors, compression), which
 * startTestBackend's own router lacks. Resolves once `catalogReady` says the
 * catalog has ingested what the benchmark needs; `get` reads the catalog's
 * API as a service (undefined when not found).
 */
export async function startBenchPortal(options: {
  config: JsonObject;
  pluginId: string;
  knex: Knex;
  catalogFiles: Record<string, string>;
  features: Array<BackendFeature | Promise<{ default: BackendFeature }>>;
  catalogReady(get: (path: string) => Promise<any>): Promise<boolean>;
}): Promise<BenchPortal> {
  const closers: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const close of closers.reverse()) {
      await close();
    }
  };
  try {
    const dir = fs.mkdtempSync(
      path.join(os.tmpdir(), `bench-${options.pluginId}-catalog-`),
    );
    closers.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    for (const [file, content] of Object.entries(options.catalogFiles)) {
      fs.writeFileSync(path.join(dir, file), content);
    }
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
            ...options.config,
            permission: { enabled: true },
            catalog: {
              rules: [
                {
                  allow: ['Component', 'Resource', 'Location', 'User', 'Group'],
                },
              ],
              locations: Object.keys(options.catalogFiles).map(file => ({
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
            const own = plugin.getId() === options.pluginId;
            return {
              getClient: async () => (own ? options.knex : catalogKnex),
              migrations: { skip: own },
            };
          },
        }),
        mockServices.scheduler.factory(),
        cachedCatalogUserInfoServiceFactory,
        pluginActorAuthServiceFactory,
        ...options.features,
      ],
    });
    closers.push(() => backend.stop());
    const middleware = MiddlewareFactory.create({
      config: new ConfigReader(options.config),
      logger: mockServices.rootLogger({ level: 'warn' }),
    });
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

    const serviceAuth = mockCredentials.service.header();
    const get = async (apiPath: string) => {
      const res = await fetch(`${baseUrl}/api/catalog${apiPath}`, {
        headers: { authorization: serviceAuth },
      });
      return res.ok ? res.json() : undefined;
    };
    const deadline = Date.now() + 10 * 60_000;
    while (!(await options.catalogReady(get))) {
      if (Date.now() > deadline) {
        throw new Error('The catalog was not ingested in 10 minutes');
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
    return { baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
