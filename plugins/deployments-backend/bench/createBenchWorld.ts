/*
 * What the deployments benchmarks share: an in-process sandbox at a scale,
 * the real SDK clients and Kubernetes API through aws-node with every call
 * counted, a catalog holding the sandbox's components, a permissions service
 * answering ALLOW, and the plugin's stores on a scratch PostgreSQL database
 * that close() drops.
 */
import {
  CacheService,
  CacheServiceOptions,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createScratchDatabase } from '@internal/backend-test-helpers';
import { AwsCallCount } from '@internal/plugin-aws-common';
import {
  AwsCall,
  AwsCallCounter,
  DefaultAwsCallCounter,
  DefaultAwsClientFactory,
  DefaultKubernetesDeploymentWriter,
  DefaultKubernetesReader,
  DefaultResourceLocator,
  DefaultShipyardEnvironments,
  readShipyardTagKeys,
} from '@internal/plugin-aws-node';
import { Knex } from 'knex';
import os from 'node:os';
import { createSandboxServer, sandboxPortalConfig } from 'sandbox';
import { collectDeployments } from '../src/collectors/collectDeployments';
import { applyDatabaseMigrations } from '../src/database/applyDatabaseMigrations';
import { DefaultDeploymentsStore } from '../src/database/DefaultDeploymentsStore';
import { DefaultRollbackStore } from '../src/database/DefaultRollbackStore';
import { RollbackService } from '../src/service/RollbackService';
import { DeploymentTargets } from '../src/targets/DeploymentTargets';
import { EcsDeploymentTargets } from '../src/targets/EcsDeploymentTargets';
import { EksDeploymentTargets } from '../src/targets/EksDeploymentTargets';

/** The plugin's default (plugin.ts). */
export const ROLLOUT_CACHE_TTL_MS = 3_000;

export const SRE = mockCredentials.user('user:default/sam.okafor');

export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

export function machine(): string {
  return `${os.cpus().length} cores, ${Math.round(
    os.totalmem() / 2 ** 30,
  )} GiB, Node ${process.version}`;
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

export const total = (calls: AwsCallCount[]) =>
  calls.reduce((sum, c) => sum + c.count, 0);

/**
 * The cache as the backend gives it (in memory here, Redis in production),
 * whose contents `clear()` drops: the locator's entries expire after 60 s
 * and the collector runs every 2 minutes, so each cycle starts without them.
 */
async function createClearableCache() {
  const create = () =>
    ServiceFactoryTester.from(mockServices.cache.factory()).getSubject(
      'deployments',
    );
  let current = await create();
  const view = (options: CacheServiceOptions): CacheService => {
    const target = () =>
      Object.keys(options).length ? current.withOptions(options) : current;
    return {
      get: key => target().get(key),
      set: (key, value, setOptions) => target().set(key, value, setOptions),
      delete: key => target().delete(key),
      withOptions: more => view({ ...options, ...more }),
    };
  };
  return {
    cache: view({}),
    async clear() {
      current = await create();
    },
  };
}

/** Counts every call, and tells listeners when one was answered. */
function createListeningCounter() {
  const counter = DefaultAwsCallCounter.create();
  const listeners = new Set<(call: AwsCall, at: number) => void>();
  const listening: AwsCallCounter = {
    record(call) {
      const at = performance.now();
      counter.record(call);
      for (const listener of listeners) listener(call, at);
    },
    snapshot: () => counter.snapshot(),
    reset: () => counter.reset(),
    createScope: () => counter.createScope(),
  };
  return { counter: listening, listeners };
}

export async function createBenchWorld(options: {
  scale: number;
  rolloutSeconds?: number;
}) {
  // The sandbox clock stands still unless a benchmark moves it: rollouts
  // progress only when asked, and the floors are computed on the same world
  // the calls see.
  let now = new Date();
  const server = await createSandboxServer({
    port: 0,
    scale: options.scale,
    now: () => now,
    rolloutSeconds: options.rolloutSeconds ?? 60,
  });
  const config = new ConfigReader(sandboxPortalConfig(server));
  const { counter, listeners } = createListeningCounter();
  const environments = DefaultShipyardEnvironments.fromConfig(config);
  const tagKeys = readShipyardTagKeys(config);
  const locatorCache = await createClearableCache();
  const rolloutCache = await createClearableCache();
  const factories: DefaultAwsClientFactory[] = [];

  /** The AWS side of one backend replica: its own SDK clients and targets. */
  const createTargets = (): DeploymentTargets[] => {
    const clientFactory = DefaultAwsClientFactory.fromConfig(config, {
      counter,
    });
    factories.push(clientFactory);
    const deps = { environments, clientFactory, counter };
    const locator = DefaultResourceLocator.fromConfig(config, {
      ...deps,
      cache: locatorCache.cache,
    });
    return [
      EcsDeploymentTargets.create({ ...deps, locator, tagKeys }),
      EksDeploymentTargets.create({
        ...deps,
        locator,
        tagKeys,
        reader: DefaultKubernetesReader.fromConfig(config, deps),
        writer: DefaultKubernetesDeploymentWriter.fromConfig(config, deps),
      }),
    ];
  };

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
  const permissions = mockServices.permissions({
    result: AuthorizeResult.ALLOW,
  });
  const logger = mockServices.rootLogger({ level: 'warn' });
  const auth = mockServices.auth();

  const database = await createScratchDatabase({
    kind: 'pg',
    name: 'deployments',
    migrate: applyDatabaseMigrations,
  });

  /** One backend replica: its own pool on the database and its own clients. */
  const createReplica = (replicaOptions: { knex?: Knex } = {}) => {
    const db = replicaOptions.knex ?? database.connect();
    const store = DefaultDeploymentsStore.create({ knex: db });
    const rollbackStore = DefaultRollbackStore.create({ knex: db });
    const targets = createTargets();
    const rollbacks = RollbackService.create({
      store,
      rollbacks: rollbackStore,
      catalog,
      environments,
      permissions,
      targets,
      tagKeys,
      cache: rolloutCache.cache,
      rolloutCacheTtlMs: ROLLOUT_CACHE_TTL_MS,
      logger,
    });
    return { knex: db, store, rollbackStore, targets, rollbacks };
  };

  const main = createReplica({ knex: database.knex });

  return {
    server,
    counter,
    /** Called with every counted call as it is answered. */
    listeners,
    environments,
    catalog,
    permissions,
    logger,
    auth,
    database,
    ...main,
    createReplica,
    /** One collector cycle as the scheduled task runs it. */
    collect: () =>
      collectDeployments({
        auth,
        catalog,
        environments,
        logger,
        store: main.store,
        rollbackStore: main.rollbackStore,
        rollbacks: main.rollbacks,
        targets: main.targets,
      }),
    clearLocatorCache: () => locatorCache.clear(),
    /** The sandbox clock. */
    now: () => now,
    advance(seconds: number) {
      now = new Date(now.getTime() + seconds * 1000);
    },
    async close() {
      for (const f of factories) f.destroy();
      await database.drop();
      await server.close();
    },
  };
}

export type BenchWorld = Awaited<ReturnType<typeof createBenchWorld>>;
