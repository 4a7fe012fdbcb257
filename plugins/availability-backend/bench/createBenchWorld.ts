/*
 * What the availability benchmarks share: an in-process sandbox at a scale
 * with its clock frozen, the real SDK clients through aws-node with every
 * call counted, a catalog holding the sandbox's components, and the plugin's
 * store, summarizer and model on a scratch database: a SQLite file in a
 * temporary folder, or a scratch PostgreSQL database (127.0.0.1:5432 unless
 * PGHOST/PGPORT/PGUSER say otherwise). close() removes it.
 */
import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createScratchDatabase,
  ScratchDatabaseKind,
} from '@internal/backend-test-helpers';
import { AwsCallCount } from '@internal/plugin-aws-common';
import {
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultResourceLocator,
  DefaultShipyardEnvironments,
} from '@internal/plugin-aws-node';
import os from 'node:os';
import { createSandboxServer, sandboxPortalConfig } from 'sandbox';
import {
  AvailabilityCycle,
  collectAvailability,
} from '../src/collectors/collectAvailability';
import { applyDatabaseMigrations } from '../src/database/applyDatabaseMigrations';
import { AvailabilityStore } from '../src/database/AvailabilityStore';
import { DefaultAvailabilityStore } from '../src/database/DefaultAvailabilityStore';
import { DefaultAvailabilityModel } from '../src/service/AvailabilityModel';
import { AvailabilitySummarizer } from '../src/service/AvailabilitySummarizer';
import { ObjectiveResolver } from '../src/service/ObjectiveResolver';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** The collector's defaults (readAvailabilityCollectorConfig). */
export const DEFAULTS = {
  backfillMs: 90 * DAY,
  minuteRetentionMs: 3 * DAY,
  hourRetentionMs: 95 * DAY,
};

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
    result[key] = (result[key] ?? 0) + c.count;
  }
  return result;
}

export const round = (x: number, digits = 1) =>
  Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * A scratch database of the given kind with the plugin's migrations applied,
 * and what the database size benchmark asks of it.
 */
export async function createBenchDatabase(kind: DatabaseKind) {
  const database = await createScratchDatabase({
    kind,
    name: 'availability',
    migrate: applyDatabaseMigrations,
  });
  const { knex } = database;
  if (kind === 'sqlite') {
    return {
      ...database,
      /** Bytes of each table and its indexes (SQLite's dbstat). */
      async tableBytes(): Promise<Record<string, number>> {
        const rows: Array<{ name: string; bytes: number }> = await knex.raw(
          `SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name`,
        );
        return Object.fromEntries(rows.map(r => [r.name, Number(r.bytes)]));
      },
      async vacuum() {
        await knex.raw('VACUUM');
      },
    };
  }
  return {
    ...database,
    /** Bytes of each table with its indexes and TOAST (pg_total_relation_size). */
    async tableBytes(): Promise<Record<string, number>> {
      const { rows } = await knex.raw(
        `SELECT relname AS name, pg_total_relation_size(oid) AS bytes
           FROM pg_class WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace`,
      );
      return Object.fromEntries(
        rows.map((r: any) => [r.name, Number(r.bytes)]),
      );
    },
    async vacuum() {
      await knex.raw('VACUUM FULL ANALYZE');
    },
  };
}

export type BenchDatabase = Awaited<ReturnType<typeof createBenchDatabase>>;

/**
 * The sandbox at `scale` (scale × the nine demo components, in three
 * environments), its clock frozen at `now`, and the plugin's pieces on a
 * scratch database of `database`'s kind.
 */
export async function createBenchWorld(options: {
  scale: number;
  database: DatabaseKind;
  now?: Date;
}) {
  // One frozen clock for the sandbox and the collector: the floors are
  // computed on the same world the calls read. The summarizer and the model
  // use the system clock, which runs on from here during the run.
  const start = (options.now ?? new Date()).getTime();
  let now = new Date(start - (start % MINUTE) + 30_000);
  const server = await createSandboxServer({
    port: 0,
    scale: options.scale,
    now: () => now,
  });
  const config = new ConfigReader(
    sandboxPortalConfig(server, { maxAttempts: 10 }),
  );
  const counter = DefaultAwsCallCounter.create();
  const clientFactory = DefaultAwsClientFactory.fromConfig(config, {
    counter,
  });
  const environments = DefaultShipyardEnvironments.fromConfig(config);
  const objectives = ObjectiveResolver.fromConfig(config);
  const newCache = () =>
    ServiceFactoryTester.from(mockServices.cache.factory()).getSubject(
      'availability',
    );

  const entities: Entity[] = server.scenario.components.map(c => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: c.name,
      namespace: 'default',
      annotations: { 'shipyard.io/runtime': c.runtime },
    },
    spec: {
      type: c.type,
      lifecycle: 'production',
      owner: c.owner,
      system: c.system,
    },
  }));
  const catalog = catalogServiceMock({ entities });
  const auth = mockServices.auth();
  const logger = mockServices.rootLogger({ level: 'warn' });

  const database = await createBenchDatabase(options.database);
  const store = DefaultAvailabilityStore.create({ knex: database.knex });
  const summarizer = AvailabilitySummarizer.create({
    store,
    catalog,
    auth,
    environments,
    objectives,
    logger,
  });
  const model = DefaultAvailabilityModel.create({
    store,
    catalog,
    environments,
    objectives,
    collectionInterval: { minutes: 5 },
  });

  return {
    server,
    config,
    counter,
    clientFactory,
    environments,
    objectives,
    catalog,
    auth,
    logger,
    database,
    store,
    summarizer,
    model,
    entities,
    /** The clock of the sandbox and the collector, frozen unless advanced. */
    now: () => now,
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
    /**
     * One collector cycle as the scheduled task runs it (a fresh locator
     * cache: its entries live 60 s, the collector runs every 5 minutes),
     * with `store` instead of the world's when given.
     */
    async collect(collectOptions: {
      backfillMs?: number;
      store?: AvailabilityStore;
      afterCycle?: (cycle: AvailabilityCycle) => Promise<void>;
    }) {
      const at = now;
      await collectAvailability({
        auth,
        catalog,
        environments,
        locator: DefaultResourceLocator.fromConfig(config, {
          environments,
          clientFactory,
          cache: await newCache(),
          counter,
        }),
        clientFactory,
        store: collectOptions.store ?? store,
        logger,
        backfillMs: collectOptions.backfillMs ?? DEFAULTS.backfillMs,
        minuteRetentionMs: DEFAULTS.minuteRetentionMs,
        hourRetentionMs: DEFAULTS.hourRetentionMs,
        afterCycle: collectOptions.afterCycle,
        incidentTargets: series => summarizer.targets(series),
        now: () => at,
      });
    },
    async close() {
      clientFactory.destroy();
      await database.drop();
      await server.close();
    },
  };
}

export type BenchWorld = Awaited<ReturnType<typeof createBenchWorld>>;
