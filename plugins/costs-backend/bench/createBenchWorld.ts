/*
 * What the costs benchmarks share: an in-process sandbox at a scale with
 * its clock frozen, the real SDK clients through aws-node with every call
 * counted, the plugin's store on a scratch database (a SQLite file in a
 * temporary folder, or a scratch PostgreSQL database on 127.0.0.1:5432
 * unless PGHOST/PGPORT/PGUSER say otherwise), the collector as the scheduled
 * task runs it, and a portal serving the plugin the way the backend does.
 * close() removes everything.
 */
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  createScratchDatabase,
  ScratchDatabaseKind,
  startBenchPortal,
} from '@internal/backend-test-helpers';
import { AwsCallCount } from '@internal/plugin-aws-common';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import shipyardPolicyModule from '@internal/plugin-permission-backend-module-shipyard-policy';
import fs from 'node:fs';
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

export type DatabaseKind = ScratchDatabaseKind;

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
  const database = await createScratchDatabase({
    kind: options.database,
    name: 'costs',
    migrate: applyDatabaseMigrations,
  });
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
      const components = server.scenario.components.length;
      const portal = await startBenchPortal({
        config: portalConfig,
        pluginId: 'costs',
        knex: database.knex,
        catalogFiles: {
          // JSON documents are YAML documents.
          'components.yaml': server.scenario.components
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
          'org.yaml': fs.readFileSync(
            path.resolve(__dirname, '../../../catalog/org.yaml'),
            'utf8',
          ),
        },
        features: [
          catalogBackend,
          permissionBackend,
          shipyardPolicyModule,
          costsPlugin,
        ],
        async catalogReady(get) {
          const [list, user] = await Promise.all([
            get('/entities/by-query?filter=kind=component&limit=1'),
            get('/entities/by-name/user/default/mei.chen'),
          ]);
          const member = user?.relations?.some(
            (r: { type: string }) => r.type === 'memberOf',
          );
          return (list?.totalItems ?? 0) >= components && Boolean(member);
        },
      });
      closers.push(() => portal.stop());
      return {
        baseUrl: portal.baseUrl,
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
